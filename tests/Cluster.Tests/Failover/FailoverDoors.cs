using ChatDb.Client;

namespace ChatDb.Cluster.Tests.Failover;

/// <summary>
/// The ways in a writer has to the cluster: a REST client per live silo and the Orleans client. A killed silo's REST
/// client is replaced by the restarted silo's; writers read the list again after every failure.
/// </summary>
internal sealed class FailoverDoors(IChatDb orleans)
{
    private readonly object _gate = new();
    private readonly Dictionary<int, ChatDbRestClient> _rest = [];

    public IChatDb Orleans { get; } = orleans;

    /// <summary>The REST client of slot <paramref name="slot"/>, or another live one when that slot's silo is down.</summary>
    public IChatDb Rest(int slot)
    {
        lock (_gate)
        {
            if (_rest.TryGetValue(slot, out var own))
            {
                return own;
            }

            return _rest.Count == 0 ? Orleans : _rest.OrderBy(e => e.Key).First().Value;
        }
    }

    public void Open(int slot, Uri silo)
    {
        lock (_gate)
        {
            _rest[slot] = new ChatDbRestClient(silo);
        }
    }

    public void Close(int slot)
    {
        lock (_gate)
        {
            if (_rest.Remove(slot, out var client))
            {
                client.Dispose();
            }
        }
    }
}

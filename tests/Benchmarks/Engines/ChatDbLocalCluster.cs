using System.Net;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Engines;

/// <summary>
/// Several <see cref="ChatDbSilo"/>s of one cluster in this process, on Orleans' development clustering (membership
/// kept by the first silo, every silo on loopback ports of its own) and one shared data directory, as silo processes
/// of a cluster share theirs. All silos share this machine's cores: the figures show what Orleans' silo-to-silo hops
/// cost, not what more machines would add.
/// </summary>
public sealed class ChatDbLocalCluster : IAsyncDisposable
{
    private readonly List<ChatDbSilo> _silos = [];

    private ChatDbLocalCluster(string clusterId) => ClusterId = clusterId;

    public string ClusterId { get; }

    public IReadOnlyList<ChatDbSilo> Silos => _silos;

    /// <summary>The silos' gateway ports, for <see cref="ChatDbGatewayClient.ConnectAsync(int[], string, CancellationToken)"/>.</summary>
    public int[] GatewayPorts => [.. _silos.Select(s => s.Endpoints.GatewayPort)];

    /// <summary>Starts <paramref name="count"/> silos one after another (each joins through the first).</summary>
    public static async Task<ChatDbLocalCluster> StartAsync(int count, string dataDirectory, Durability durability)
    {
        var clusterId = SiloEndpoints.Free().ClusterId;
        var cluster = new ChatDbLocalCluster(clusterId);
        try
        {
            IPEndPoint? primary = null;
            for (var i = 0; i < count; i++)
            {
                var endpoints = SiloEndpoints.Free() with { ClusterId = clusterId };
                cluster._silos.Add(await ChatDbSilo.StartAsync(dataDirectory, durability, endpoints: endpoints, primary: primary));
                primary ??= new IPEndPoint(IPAddress.Loopback, endpoints.SiloPort);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The first silo keeps the membership: it stops last.
        for (var i = _silos.Count - 1; i >= 0; i--)
        {
            await _silos[i].DisposeAsync();
        }
    }
}

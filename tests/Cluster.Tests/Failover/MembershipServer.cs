using ChatDb.Grains.Cluster;
using ChatDb.Tests.Shared;

namespace ChatDb.Cluster.Tests.Failover;

/// <summary>
/// The server a cluster's membership lives in, started for one proof on its own ports: a Redis server, or an Azurite
/// whose tables hold the membership and whose queues carry the chat events.
/// </summary>
internal sealed class MembershipServer : IDisposable
{
    private readonly IDisposable _server;

    private MembershipServer(IDisposable server, string connectionString)
    {
        _server = server;
        ConnectionString = connectionString;
    }

    /// <summary>What silos and clients get as <c>Cluster:ConnectionString</c>.</summary>
    public string ConnectionString { get; }

    public static async Task<MembershipServer> StartAsync(ClusterMembership membership)
    {
        switch (membership)
        {
            case ClusterMembership.Redis:
                var redis = await RedisServer.StartAsync();
                return new MembershipServer(redis, redis.ConnectionString);
            case ClusterMembership.Azure:
                var azurite = await AzuriteServer.StartAsync();
                return new MembershipServer(azurite, azurite.ConnectionString);
            default:
                throw new ArgumentOutOfRangeException(nameof(membership), membership, "The failover proof needs a shared membership table: redis or azure.");
        }
    }

    public void Dispose() => _server.Dispose();
}

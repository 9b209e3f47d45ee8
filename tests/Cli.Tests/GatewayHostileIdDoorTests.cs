using ChatDb.Client;
using ChatDb.Grains.Serialization;
using ChatDb.Runtime.Client;

namespace ChatDb.Cli.Tests;

/// <summary>The hostile-id corpus through <see cref="ChatDbClient"/> and <c>chatdb --gateway</c>.</summary>
[Collection(FlatfileCliCollection.Name)]
public sealed class GatewayHostileIdDoorTests(FlatfileCliCluster cluster) : HostileIdDoorTests
{
    private ClusterClient? _network;

    protected override async Task<IChatDb> OpenAsync()
    {
        _network = new ClientBuilder().UseGateway(cluster.Gateway).AddGrainSerializerContext(ChatDbJsonContext.Default).Build();
        await _network.Connect();
        return new ChatDbClient(_network);
    }

    protected override Task<CliRun> RunAsync(string[] args) => cluster.RunAsync(args);

    protected override string[] Entries() => cluster.Entries();

    public override async Task DisposeAsync()
    {
        if (_network is not null)
        {
            await _network.DisposeAsync();
        }
    }
}

using ChatDb.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace ChatDb.Cli.Tests;

/// <summary>The hostile-id corpus through <see cref="ChatDbClient"/> and <c>chatdb --gateway</c>.</summary>
[Collection(HostileIdGatewayCollection.Name)]
public sealed class GatewayHostileIdDoorTests(HostileIdSilo silo) : HostileIdDoorTests
{
    private IHost? _client;

    protected override async Task<IChatDb> OpenAsync()
    {
        _client = await silo.ConnectClientAsync();
        return new ChatDbClient(_client.Services.GetRequiredService<IClusterClient>());
    }

    protected override Task<CliRun> RunAsync(string[] args) => silo.RunGatewayAsync(args);

    protected override string[] Entries() => silo.Entries();

    public override async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync();
            _client.Dispose();
        }
    }
}

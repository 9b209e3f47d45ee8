using ChatDb.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;

namespace ChatDb.Benchmarks.Engines;

/// <summary>
/// An Orleans client in a host of its own, connected over TCP (loopback) to a <see cref="ChatDbSilo"/>'s
/// gateway the way a chat server's client connects: <c>UseOrleansClient(...).UseChatDb()</c>.
/// </summary>
public sealed class ChatDbGatewayClient : IAsyncDisposable
{
    private readonly IHost _host;

    private ChatDbGatewayClient(IHost host)
    {
        _host = host;
        Grains = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Grains { get; }

    public static Task<ChatDbGatewayClient> ConnectAsync(SiloEndpoints silo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return ConnectAsync([silo.GatewayPort], silo.ClusterId, cancellationToken);
    }

    /// <summary>Connects to every gateway of a cluster (<paramref name="gatewayPorts"/> on loopback); Orleans spreads the calls over them.</summary>
    public static async Task<ChatDbGatewayClient> ConnectAsync(int[] gatewayPorts, string clusterId, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .UseLocalhostClustering(gatewayPorts, serviceId: clusterId, clusterId: clusterId)
            .UseChatDb());
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new ChatDbGatewayClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}

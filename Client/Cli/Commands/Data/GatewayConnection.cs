using System.Net;
using System.Net.Sockets;
using ChatDb.Client;
using ChatDb.Grains.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace ChatDb.Cli.Commands.Data;

/// <summary>
/// The Orleans client behind <c>--gateway host:port</c> (static clustering on that one gateway) or <c>--membership</c>
/// (the gateways listed in the cluster's Redis or Azure membership table), the
/// cluster id given with <c>--cluster-id</c>, mutual TLS with <c>--tls-cert</c>, and a short retry budget — a command line fails in seconds,
/// where Orleans' default filter keeps a server retrying for minutes.
/// </summary>
internal sealed class GatewayConnection : IAsyncDisposable
{
    /// <summary>Connection attempts before the command reports the gateway unreachable.</summary>
    public const int Attempts = 3;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly IHost _host;

    private GatewayConnection(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Parses <c>host:port</c> (a name or an IP address; IPv6 in brackets), resolving a name to its first address.</summary>
    public static async Task<IPEndPoint> ResolveAsync(string gateway, CancellationToken cancellationToken)
    {
        if (IPEndPoint.TryParse(gateway, out var endpoint) && endpoint.Port != 0)
        {
            return endpoint;
        }

        var separator = gateway.LastIndexOf(':');
        if (separator <= 0 || !int.TryParse(gateway.AsSpan(separator + 1), out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"{DataOptions.Gateway} '{gateway}' is not host:port (e.g. 127.0.0.1:30000).");
        }

        var host = gateway[..separator];
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new FormatException($"{DataOptions.Gateway} '{gateway}': the host name '{host}' does not resolve ({e.SocketErrorCode}).", e);
        }

        return addresses.Length > 0
            ? new IPEndPoint(addresses[0], port)
            : throw new FormatException($"{DataOptions.Gateway} '{gateway}': the host name '{host}' has no address.");
    }

    /// <summary>Connects to the gateway; throws what Orleans throws when it cannot (see <see cref="IsConnectFailure"/>).</summary>
    public static async Task<GatewayConnection> ConnectAsync(Action<ChatDbClusterDiscovery> discover, string clusterId, ClusterTls? tls, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var attempts = 1;
        builder.UseOrleansClient(client => client
            .UseChatDb(discovery =>
            {
                discover(discovery);
                discovery.ClusterId = clusterId;
            })
            .UseConnectionRetryFilter(async (exception, token) =>
            {
                // The Redis and Azure clients retry inside one attempt already (about 12 s for an unreachable Redis).
                if (!IsConnectFailure(exception) || IsMembershipFailure(exception) || attempts++ >= Attempts)
                {
                    return false;
                }

                await Task.Delay(RetryDelay, token).ConfigureAwait(false);
                return true;
            }));
        if (tls is not null)
        {
            builder.UseOrleansClient(client => client.UseTls(tls.Configure));
        }

        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            return new GatewayConnection(host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>
    /// True for the failures that mean "no silo answered at that address with that cluster id", or "the membership
    /// table that lists the gateways could not be read".
    /// </summary>
    public static bool IsConnectFailure(Exception e) =>
        e is OrleansMessageRejectionException or ConnectionFailedException || IsMembershipFailure(e);

    /// <summary>The Redis server or the Azure Storage account holding the membership table did not answer.</summary>
    public static bool IsMembershipFailure(Exception e) =>
        e is StackExchange.Redis.RedisConnectionException or Azure.RequestFailedException;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _host.Dispose();
        }
    }
}

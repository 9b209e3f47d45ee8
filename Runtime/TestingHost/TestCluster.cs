using System.Net;
using ChatDb.Runtime.Client;
using ChatDb.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatDb.Runtime.TestingHost;

/// <summary>
/// Silos in this process, each in its own host with a gateway on a free loopback port, sharing a
/// temporary data directory that is passed as <c>Storage:StorageBasePath</c> and deleted on dispose.
/// <see cref="Client"/> is a real gateway client connected over TCP to the first live silo; it
/// survives restarts (a restarted silo keeps its port): references taken before a restart keep working
/// after it. Each silo's in-process factory stays available as <see cref="SiloHandle.GrainFactory"/>.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    public const string StorageBasePathKey = "Storage:StorageBasePath";

    /// <summary>How long a stop or kill waits for the client to notice its connection closed.</summary>
    private static readonly TimeSpan DisconnectTimeout = TimeSpan.FromSeconds(10);

    private readonly short _initialSilos;
    private readonly Action<ISiloBuilder>[] _configurators;
    private readonly List<SiloHandle> _silos = [];
    private readonly ClusterClient _client;
    private int _nextSiloNumber;

    internal TestCluster(short initialSilos, Action<ISiloBuilder>[] configurators, Action<IClientBuilder>[] clientConfigurators)
    {
        _initialSilos = initialSilos;
        _configurators = configurators;
        DataDirectory = Path.Combine(Path.GetTempPath(), "chatdb-testcluster-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        var client = new ClientBuilder();
        client.Services.AddSingleton<IGatewayListProvider>(new LiveSiloGateways(this));
        foreach (var configure in clientConfigurators)
        {
            configure(client);
        }

        _client = client.Build();
    }

    public string DataDirectory { get; }

    /// <summary>The gateway client; connected by <see cref="DeployAsync"/>.</summary>
    public IClusterClient Client => _client;

    /// <remarks>Read from the client's connect attempts on other threads, hence the lock.</remarks>
    public IReadOnlyList<SiloHandle> Silos
    {
        get
        {
            lock (_silos)
            {
                return _silos.Where(s => s.IsActive).ToList();
            }
        }
    }

    /// <summary>The first live silo: where the client sends its calls.</summary>
    public SiloHandle Primary => Silos.FirstOrDefault()
        ?? throw new InvalidOperationException("The test cluster has no live silo.");

    public async Task DeployAsync(CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < _initialSilos; i++)
        {
            await StartSiloAsync(cancellationToken).ConfigureAwait(false);
        }

        await _client.Connect(cancellationToken).ConfigureAwait(false);
    }

    public Task<SiloHandle> StartSiloAsync(CancellationToken cancellationToken = default) => StartSiloAsync(gatewayPort: 0, cancellationToken);

    private async Task<SiloHandle> StartSiloAsync(int gatewayPort, CancellationToken cancellationToken)
    {
        var name = $"silo-{_nextSiloNumber++}";
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = name });
        builder.Configuration.AddInMemoryCollection([new KeyValuePair<string, string?>(StorageBasePathKey, DataDirectory)]);
        builder.UseChatDbSilo(silo =>
        {
            foreach (var configure in _configurators)
            {
                configure(silo);
            }

            silo.UseGateway(gateway =>
            {
                gateway.ListenAddress = IPAddress.Loopback.ToString();
                gateway.Port = gatewayPort;
            });
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        var silo = new SiloHandle(name, host);
        lock (_silos)
        {
            _silos.Add(silo);
        }

        return silo;
    }

    /// <summary>Graceful stop: the gateway closes its connections, then every activation runs <c>OnDeactivateAsync</c>.</summary>
    public async Task StopSiloAsync(SiloHandle silo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var gateway = silo.GatewayEndPoint;
        silo.IsActive = false;
        await silo.Host.StopAsync(cancellationToken).ConfigureAwait(false);
        silo.Host.Dispose();
        await WaitForClientToNoticeAsync(silo, gateway).ConfigureAwait(false);
    }

    /// <summary>Crash: client connections are reset, no deactivation code runs; in-flight and later calls to the silo fail.</summary>
    public async Task KillSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var gateway = silo.GatewayEndPoint;
        silo.IsActive = false;
        silo.Kill();
        await silo.Host.StopAsync().ConfigureAwait(false);
        silo.Host.Dispose();
        await WaitForClientToNoticeAsync(silo, gateway).ConfigureAwait(false);
    }

    /// <summary>Stops <paramref name="silo"/> gracefully and starts a fresh one on the same data directory and gateway port.</summary>
    public async Task<SiloHandle> RestartSiloAsync(SiloHandle silo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var port = silo.GatewayEndPoint.Port;
        await StopSiloAsync(silo, cancellationToken).ConfigureAwait(false);
        return await StartSiloAsync(port, cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAllSilosAsync()
    {
        foreach (var silo in Silos)
        {
            await StopSiloAsync(silo).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync().ConfigureAwait(false);
        await StopAllSilosAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }

    /// <summary>The client learns of a closed connection asynchronously; tests that call right after a stop must not race it.</summary>
    private async Task WaitForClientToNoticeAsync(SiloHandle silo, IPEndPoint gateway)
    {
        try
        {
            await _client.WhenDisconnectedAsync(gateway).WaitAsync(DisconnectTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The cluster client did not notice within {DisconnectTimeout} that silo {silo.Name} (gateway {gateway}) closed its connection.");
        }
    }

    /// <summary>The gateways of the live silos, the primary first.</summary>
    private sealed class LiveSiloGateways(TestCluster cluster) : IGatewayListProvider
    {
        public IReadOnlyList<EndPoint> GetGateways() => [.. cluster.Silos.Select(s => (EndPoint)s.GatewayEndPoint)];
    }
}

using ChatDb.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatDb.Runtime.TestingHost;

/// <summary>
/// Silos in this process, each in its own host, sharing a temporary data directory that is passed as
/// <c>Storage:StorageBasePath</c> and deleted on dispose. <see cref="Client"/> talks to the first live
/// silo and survives restarts: references taken before a restart keep working after it.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    public const string StorageBasePathKey = "Storage:StorageBasePath";

    private readonly short _initialSilos;
    private readonly Action<ISiloBuilder>[] _configurators;
    private readonly List<SiloHandle> _silos = [];
    private int _nextSiloNumber;

    internal TestCluster(short initialSilos, Action<ISiloBuilder>[] configurators)
    {
        _initialSilos = initialSilos;
        _configurators = configurators;
        DataDirectory = Path.Combine(Path.GetTempPath(), "chatdb-testcluster-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        var invoker = new ClusterClientInvoker(this);
        Client = new GrainFactory(grainInterface => Primary.Services.GetRequiredService<GrainClassRegistry>().GetGrainType(grainInterface), invoker);
    }

    public string DataDirectory { get; }

    public IClusterClient Client { get; }

    public IReadOnlyList<SiloHandle> Silos => _silos.Where(s => s.IsActive).ToList();

    /// <summary>The first live silo: where the client sends its calls.</summary>
    public SiloHandle Primary => _silos.FirstOrDefault(s => s.IsActive)
        ?? throw new InvalidOperationException("The test cluster has no live silo.");

    public async Task DeployAsync(CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < _initialSilos; i++)
        {
            await StartSiloAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<SiloHandle> StartSiloAsync(CancellationToken cancellationToken = default)
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
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        var silo = new SiloHandle(name, host);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>Graceful stop: every activation runs <c>OnDeactivateAsync</c>.</summary>
    public async Task StopSiloAsync(SiloHandle silo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.IsActive = false;
        await silo.Host.StopAsync(cancellationToken).ConfigureAwait(false);
        silo.Host.Dispose();
    }

    /// <summary>Crash: no deactivation code runs; in-flight and later calls to the silo fail.</summary>
    public async Task KillSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.IsActive = false;
        silo.Kill();
        await silo.Host.StopAsync().ConfigureAwait(false);
        silo.Host.Dispose();
    }

    /// <summary>Stops <paramref name="silo"/> gracefully and starts a fresh one on the same data directory.</summary>
    public async Task<SiloHandle> RestartSiloAsync(SiloHandle silo, CancellationToken cancellationToken = default)
    {
        await StopSiloAsync(silo, cancellationToken).ConfigureAwait(false);
        return await StartSiloAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>Routes each call to the current primary silo, so the client outlives silo restarts.</summary>
    private sealed class ClusterClientInvoker(TestCluster cluster) : IGrainCallInvoker
    {
        public Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request) =>
            cluster.Primary.Services.GetRequiredService<Catalog>().InvokeAsync(target, request);
    }
}

using ChatDb.Storage.Flatfile.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace ChatDb.Storage.Flatfile.OrleansProviders;

/// <summary>
/// Opens the data directory (options validated, lock taken, temp files of interrupted writes removed, an
/// interrupted restore finished) in the silo's <see cref="ServiceLifecycleStage.RuntimeStorageServices"/>
/// stage, before any grain can activate, and closes it (logs closed, lock released) when the silo leaves
/// that stage on the way down, after <see cref="ServiceLifecycleStage.GrainDeactivation"/> wrote the last
/// state. Opening and closing are the old host's <see cref="FlatfileStorageHostedService"/>, so both runtimes
/// open a directory the same way; only the moment differs (a silo stage instead of a hosted service).
/// </summary>
internal sealed class FlatfileDataDirectoryLifecycle(IServiceProvider services, ILogger<FlatfileStorageHostedService> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly FlatfileStorageHostedService _directory = new(services, logger);

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(
            nameof(FlatfileDataDirectoryLifecycle),
            ServiceLifecycleStage.RuntimeStorageServices,
            _directory.StartAsync,
            _directory.StopAsync);
    }
}

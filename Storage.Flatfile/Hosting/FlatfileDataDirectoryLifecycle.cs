using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace ChatDb.Storage.Flatfile.Hosting;

/// <summary>
/// Opens the data directory of every flatfile provider name (options validated, lock taken, temp files of
/// interrupted writes removed, an interrupted restore finished) in the silo's
/// <see cref="ServiceLifecycleStage.RuntimeStorageServices"/> stage, before any grain can activate, and closes
/// them (logs closed, lock released) when the silo leaves that stage on the way down, after
/// <see cref="ServiceLifecycleStage.GrainDeactivation"/> wrote the last state. In <c>Fsync</c> mode it also
/// reserves thread-pool threads for the fsyncs (<see cref="FsyncThreadReserve"/>).
/// </summary>
internal sealed class FlatfileDataDirectoryLifecycle(
    FlatfileProviderNames names,
    IServiceProvider services,
    IOptionsMonitor<FlatfileStorageOptions> options,
    ILogger<FlatfileDataDirectoryLifecycle> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly List<(string Name, FlatfileDataDirectory Directory)> _opened = [];

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(FlatfileDataDirectoryLifecycle), ServiceLifecycleStage.RuntimeStorageServices, OpenAsync, CloseAsync);
    }

    private Task OpenAsync(CancellationToken cancellationToken)
    {
        EnsureOneNamePerDirectory();
        foreach (var name in names.Names)
        {
            var directory = services.GetRequiredKeyedService<FlatfileDataDirectory>(name);
            _opened.Add((name, directory));
            FlatfileHostingLog.DataDirectoryOpened(logger, name, directory.Layout.BaseDirectory, directory.Options.Durability, directory.RemovedTempFiles);
        }

        if (_opened.Exists(opened => opened.Directory.Options.Durability == Durability.Fsync))
        {
            FlatfileHostingLog.FsyncThreadsReserved(logger, FsyncThreadReserve.Ensure());
        }

        return Task.CompletedTask;
    }

    private async Task CloseAsync(CancellationToken cancellationToken)
    {
        for (var i = _opened.Count - 1; i >= 0; i--)
        {
            var (name, directory) = _opened[i];
            await services.GetRequiredKeyedService<FlatfileOpenLogs>(name).DisposeAsync().ConfigureAwait(false);
            directory.Dispose();
            FlatfileHostingLog.DataDirectoryClosed(logger, name, directory.Layout.BaseDirectory);
        }

        _opened.Clear();
    }

    /// <summary>
    /// A process locks a data directory once, and two names over one directory would each keep their own open
    /// logs of the same files: refused before anything is opened, naming both providers.
    /// </summary>
    private void EnsureOneNamePerDirectory()
    {
        var byDirectory = new Dictionary<string, string>(OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        foreach (var name in names.Names)
        {
            var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Get(name).StorageBasePath));
            if (!byDirectory.TryAdd(directory, name))
            {
                throw new ConfigurationError(
                    $"The flatfile storages '{byDirectory[directory]}' and '{name}' both use data directory '{directory}'; each provider name needs "
                    + "its own directory: set Storage:StorageBasePath through the configure argument of AddFlatfileGrainStorage.");
            }
        }
    }
}

using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatDb.Storage.Flatfile.Hosting;

/// <summary>
/// Opens the data directory when the host starts (validating the options, taking the lock, removing the
/// temp files of interrupted writes) and, when it stops, closes the open logs and releases the lock. In
/// <c>Fsync</c> mode it also reserves thread-pool threads for the fsyncs (<see cref="FsyncThreadReserve"/>).
/// </summary>
internal sealed class FlatfileStorageHostedService(
    IServiceProvider services,
    ILogger<FlatfileStorageHostedService> logger) : IHostedService
{
    private FlatfileDataDirectory? _directory;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _directory = services.GetRequiredService<FlatfileDataDirectory>();
        FlatfileHostingLog.DataDirectoryOpened(logger, _directory.Layout.BaseDirectory, _directory.Options.Durability, _directory.RemovedTempFiles);
        if (_directory.Options.Durability == Durability.Fsync)
        {
            FlatfileHostingLog.FsyncThreadsReserved(logger, FsyncThreadReserve.Ensure());
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_directory is null)
        {
            return;
        }

        await services.GetRequiredService<FlatfileOpenLogs>().DisposeAsync().ConfigureAwait(false);
        _directory.Dispose();
        FlatfileHostingLog.DataDirectoryClosed(logger, _directory.Layout.BaseDirectory);
    }
}

using ChatDb.Storage.Flatfile.Options;
using Microsoft.Extensions.Logging;

namespace ChatDb.Storage.Flatfile.Hosting;

/// <summary>Log events of the flatfile storage's hosting; event ids 3290-3299 (band of the flatfile providers).</summary>
internal static partial class FlatfileHostingLog
{
    [LoggerMessage(EventId = 3290, Level = LogLevel.Information,
        Message = "Flatfile storage {Provider}: data directory {BaseDirectory} opened (durability {Durability}); removed {RemovedTempFiles} temp files of interrupted writes")]
    public static partial void DataDirectoryOpened(ILogger logger, string provider, string baseDirectory, Durability durability, int removedTempFiles);

    [LoggerMessage(EventId = 3291, Level = LogLevel.Information,
        Message = "Flatfile storage {Provider}: data directory {BaseDirectory} closed: logs closed, lock released")]
    public static partial void DataDirectoryClosed(ILogger logger, string provider, string baseDirectory);

    [LoggerMessage(EventId = 3292, Level = LogLevel.Debug,
        Message = "Durability Fsync: the thread pool starts up to {MinWorkerThreads} worker threads without delay, so logs waiting on fsync do not wait for threads")]
    public static partial void FsyncThreadsReserved(ILogger logger, int minWorkerThreads);
}

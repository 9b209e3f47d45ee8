using Microsoft.Extensions.Logging;

namespace ChatDb.Storage.Flatfile.Logs;

/// <summary>Log events of the append-only log engine; event ids 3100-3199.</summary>
internal static partial class LogMessages
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "Log {Path}: cut a torn tail of {Length} bytes at byte offset {Offset} ({Reason}); the bytes were kept in {CorruptPath}")]
    public static partial void TailCut(ILogger logger, string path, long offset, long length, string reason, string corruptPath);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information,
        Message = "Log {Path}: rebuilt the offset index from the log ({Reason}); {Entries} entries")]
    public static partial void IndexRebuilt(ILogger logger, string path, string reason, int entries);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error,
        Message = "Log {Path}: {Operation} failed; the log is faulted and accepts no appends until it is reopened")]
    public static partial void Faulted(ILogger logger, Exception exception, string path, string operation);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning,
        Message = "Log {Path}: could not update the offset index {IndexPath}; it will be rebuilt on the next open")]
    public static partial void IndexWriteFailed(ILogger logger, Exception exception, string path, string indexPath);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Error,
        Message = "Log {Path}: could not cut the unacknowledged bytes after byte offset {Offset} following a failed write or fsync; the next open in this process cuts them first")]
    public static partial void FaultCutFailed(ILogger logger, Exception exception, string path, long offset);
}


namespace ChatDb.Storage.Flatfile.Logs;

/// <summary>
/// An append carried the number of records the caller believed the log holds and the log holds a
/// different number; nothing was appended.
/// </summary>
public sealed class LogSequenceConflictException : StorageError
{
    public LogSequenceConflictException() { }

    public LogSequenceConflictException(string message) : base(message) { }

    public LogSequenceConflictException(string message, Exception? innerException) : base(message, innerException) { }

    public LogSequenceConflictException(string path, long expectedCount, long actualCount)
        : base($"Log '{path}': the append expected {expectedCount} records before it but the log holds {actualCount}; nothing was appended.")
    {
        Path = path;
        ExpectedCount = expectedCount;
        ActualCount = actualCount;
    }

    public string? Path { get; }

    public long ExpectedCount { get; }

    public long ActualCount { get; }
}

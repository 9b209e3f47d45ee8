using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.IO;
using Microsoft.Win32.SafeHandles;

namespace ChatDb.Storage.Flatfile.Logs;

/// <summary>
/// An append-only JSONL log: one JSON object per line, <c>{"seq":N,...}</c>, sequence numbers from
/// 1 without gaps. The instance is the file's only writer (appends at a position it tracks itself;
/// .NET's FileMode.Append is not O_APPEND). Concurrent appends share one write and one fsync
/// (group commit) and are acknowledged only once durable. Reads see acknowledged records only and
/// cost O(records returned) through a sparse offset index (<c>{path}.idx</c>).
/// </summary>
public sealed partial class AppendLog : IAsyncDisposable
{
    // One writer per file inside this process; one process per data directory is the host's lock file.
    private static readonly ConcurrentDictionary<string, bool> OpenPaths = new(StringComparer.Ordinal);

    // Logs whose failed batch could not be cut off after a failed write or fsync: path -> last acknowledged byte.
    private static readonly ConcurrentDictionary<string, long> UnacknowledgedTails = new(StringComparer.Ordinal);

    private readonly SafeFileHandle _handle;
    private readonly AppendLogOptions _options;
    private readonly IFlatfileFileSystem _fileSystem;
    private readonly ILogger _logger;
    private readonly string _indexPath;
    private volatile LogState _state;
    private volatile bool _disposed;

    private AppendLog(string path, SafeFileHandle handle, AppendLogOptions options, ILogger logger, LogOpenState opened)
    {
        Path = path;
        _handle = handle;
        _options = options;
        _fileSystem = options.FileSystem;
        _logger = logger;
        _indexPath = LogIndexFile.PathFor(path);
        _index = opened.Index;
        _persistedIndexEntries = opened.PersistedIndexEntries;
        _count = opened.Count;
        _assigned = opened.Count;
        _endOffset = opened.EndOffset;
        _state = LogState.From(opened.Count, opened.EndOffset, opened.Index);
    }

    /// <summary>Full path of the log file.</summary>
    public string Path { get; }

    /// <summary>Number of acknowledged records (= sequence number of the last one).</summary>
    public long Count => _state.Count;

    /// <summary>True once a write or fsync failed; appends then fail until the log is reopened.</summary>
    public bool IsFaulted => Volatile.Read(ref _fault) is not null;

    /// <inheritdoc cref="OpenAsync(string, AppendLogOptions, ILogger?, CancellationToken)"/>
    public static Task<AppendLog> OpenAsync(string path, AppendLogOptions options, CancellationToken cancellationToken = default) =>
        OpenAsync(path, options, logger: null, cancellationToken);

    /// <summary>
    /// Opens (creating it if needed) the log at <paramref name="path"/> for appending and reading.
    /// Cuts a torn tail (kept in <c>{path}.corrupt</c>), checks or rebuilds the offset index, and
    /// throws <see cref="IntegrityError"/> for a corrupt record that is not at the tail.
    /// </summary>
    public static Task<AppendLog> OpenAsync(string path, AppendLogOptions options, ILogger? logger, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<AppendLog>(cancellationToken);
        }

        try
        {
            return Task.FromResult(Open(System.IO.Path.GetFullPath(path), options, logger ?? NullLogger.Instance));
        }
        catch (Exception e)
        {
            return Task.FromException<AppendLog>(e);
        }
    }

    private static AppendLog Open(string path, AppendLogOptions options, ILogger logger)
    {
        if (!OpenPaths.TryAdd(path, true))
        {
            throw new StorageError($"Log '{path}' is already open for writing in this process; a log has exactly one writer.");
        }

        SafeFileHandle? handle = null;
        try
        {
            var fileSystem = options.FileSystem;
            try
            {
                var existed = fileSystem.FileExists(path);
                handle = fileSystem.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);

                // An empty existing file may be one whose creation was never made durable (the directory
                // fsync of an earlier open failed): sync its directory again before anything is acknowledged.
                // In a directory whose own entry waits for its sync (a new session's), that sync covers the file
                // too, and runs before any durable write there (the file's own appends included). A log that never
                // fsyncs its appends (OsBuffered) promises nothing of its entry either: its directory is not synced.
                var directory = System.IO.Path.GetDirectoryName(path)!;
                if (options.FsyncOnCommit && (!existed || fileSystem.GetLength(handle) == 0) && !DeferredDirectorySync.TryDeferFile(directory, path))
                {
                    fileSystem.SyncDirectory(directory);
                }

                if (UnacknowledgedTails.TryGetValue(path, out var acknowledgedEnd))
                {
                    // Bytes past the last acknowledged append may be in the page cache only; never count them.
                    if (fileSystem.GetLength(handle) > acknowledgedEnd)
                    {
                        fileSystem.SetLength(handle, acknowledgedEnd);
                        fileSystem.FlushToDisk(handle);
                    }

                    UnacknowledgedTails.TryRemove(path, out _);
                }

                return new AppendLog(path, handle, options, logger, LogRecovery.Recover(handle, path, options, logger));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new StorageError($"Log '{path}' cannot be opened: {e.Message}", e);
            }
        }
        catch
        {
            handle?.Dispose();
            OpenPaths.TryRemove(path, out _);
            throw;
        }
    }

    /// <summary>Waits for queued appends to finish, then closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        Task drained;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _drainIdle = _draining ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
            drained = _drainIdle?.Task ?? Task.CompletedTask;
        }

        await drained.ConfigureAwait(false);
        _handle.Dispose();
        OpenPaths.TryRemove(Path, out _);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}

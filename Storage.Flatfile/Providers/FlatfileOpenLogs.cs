using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.IO;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Flatfile.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// The <see cref="AppendLog"/>s open in this process, at most <see cref="Capacity"/> of them: a chat
/// database has many small logs, and file handles are finite. The least recently used log that nobody is
/// using is closed when the limit is passed; reopening is cheap thanks to the log's offset index. One
/// instance per data directory, shared by the log provider (which appends and reads) and the file
/// provider (which must close the logs of a grain before deleting its directory). A log can also be
/// found by grain and log name (<see cref="AcquireAsync(GrainId, string, Func{GrainId, string, string}, bool, CancellationToken)"/>):
/// its path is resolved and checked (ids, symbolic links) whenever the log is opened, and while it stays
/// open the hot path of every append and read skips that work.
/// </summary>
public sealed class FlatfileOpenLogs : IAsyncDisposable
{
    public const int DefaultCapacity = 4096;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> _closing = new(StringComparer.Ordinal);

    // Entries acquired by grain, by grain and then log name: a fenced activation closes all its grain's logs as it
    // starts and as it ends, which must not walk every open log (up to Capacity) each time.
    private readonly Dictionary<GrainId, Dictionary<string, Entry>> _byGrain = [];

    private readonly LinkedList<Entry> _recency = new();
    private readonly AppendLogOptions _logOptions;
    private readonly bool _durable;
    private readonly IFlatfileFileSystem _fileSystem;
    private readonly AtomicFile _files;
    private readonly ILogger _logger;
    private bool _disposed;

    public FlatfileOpenLogs(FlatfileStorageOptions options, TimeProvider? timeProvider = null, ILogger<FlatfileOpenLogs>? logger = null, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _durable = options.Durability == Durability.Fsync;
        _fileSystem = options.FileSystem;
        _files = new AtomicFile(options);
        _logOptions = new AppendLogOptions
        {
            FsyncOnCommit = _durable,
            TimeProvider = timeProvider ?? TimeProvider.System,
            FileSystem = options.FileSystem,
        };
        _logger = logger ?? NullLogger<FlatfileOpenLogs>.Instance;
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>How many logs are open now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _open.Count;
            }
        }
    }

    /// <summary>
    /// The open log at <paramref name="path"/>, opened (and with <paramref name="create"/> created, with its
    /// directory) when needed; null when it does not exist and <paramref name="create"/> is false. Dispose
    /// the lease when done: a leased log is never closed under its user.
    /// </summary>
    public async ValueTask<LogLease?> AcquireAsync(string path, bool create, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Entry? entry;
        Task? previousClose = null;
        var opener = false;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_open.TryGetValue(path, out entry))
            {
                _recency.Remove(entry.Node);
                _recency.AddFirst(entry.Node);
            }
            else
            {
                _closing.TryGetValue(path, out previousClose);
                if (!create && previousClose is null && !_fileSystem.FileExists(path) && !ArchivedSessions.IsArchived(path))
                {
                    return null;
                }

                entry = new Entry(path);
                _open.Add(path, entry);
                _recency.AddFirst(entry.Node);
                opener = true;
            }

            entry.Leases++;
        }

        if (opener)
        {
            await OpenAsync(entry, previousClose, create, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var log = await entry.Opened.Task.ConfigureAwait(false);
            if (log is null)
            {
                Release(entry);
                return null;
            }

            return new LogLease(this, entry, log);
        }
        catch
        {
            Release(entry);
            throw;
        }
    }

    /// <summary>
    /// The open log <paramref name="logName"/> of <paramref name="grainId"/>; when it is not open,
    /// <paramref name="resolvePath"/> maps it to its path (with every check that involves) and it is
    /// acquired as <see cref="AcquireAsync(string, bool, CancellationToken)"/> does, then remembered under
    /// the grain and name until it is closed.
    /// </summary>
    public ValueTask<LogLease?> AcquireAsync(GrainId grainId, string logName, Func<GrainId, string, string> resolvePath, bool create, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        ArgumentNullException.ThrowIfNull(resolvePath);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_byGrain.TryGetValue(grainId, out var logs) && logs.TryGetValue(logName, out var entry)
                && !entry.Closing && entry.Opened.Task.IsCompletedSuccessfully && entry.Opened.Task.Result is { } log)
            {
                _recency.Remove(entry.Node);
                _recency.AddFirst(entry.Node);
                entry.Leases++;
                return ValueTask.FromResult<LogLease?>(new LogLease(this, entry, log));
            }
        }

        return AcquireAndRememberAsync(grainId, logName, resolvePath(grainId, logName), create, cancellationToken);
    }

    /// <summary>Closes the log at <paramref name="path"/> once its current users are done; the next acquire reopens it.</summary>
    public Task CloseAsync(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        lock (_gate)
        {
            return _open.TryGetValue(path, out var entry) ? BeginClose(entry)
                : _closing.TryGetValue(path, out var closing) ? closing
                : Task.CompletedTask;
        }
    }

    /// <summary>
    /// Closes every log of <paramref name="grainId"/> this process holds open (once their current users are done), so the
    /// next use reads the file again. Called when the grain activates on a data directory other silos share: while it
    /// was active elsewhere, another silo may have appended to its logs, and a log left open here from an earlier
    /// activation would still count (and write at) its old end.
    /// </summary>
    public Task CloseLogsOfAsync(GrainId grainId)
    {
        lock (_gate)
        {
            if (!_byGrain.TryGetValue(grainId, out var logs))
            {
                return Task.CompletedTask;
            }

            // Copied first: closing an entry drops it from the map.
            return Task.WhenAll(logs.Values.ToList().Select(BeginClose).ToList());
        }
    }

    /// <summary>Closes every open log in <paramref name="directory"/> or below it.</summary>
    public Task CloseUnderAsync(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var prefix = Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar;
        lock (_gate)
        {
            var closing = _open.Values.Where(e => e.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList().Select(BeginClose)
                .Concat(_closing.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(c => c.Value))
                .ToList();
            return Task.WhenAll(closing);
        }
    }

    /// <summary>Closes every log (at shutdown, after the grains were deactivated).</summary>
    public async ValueTask DisposeAsync()
    {
        Task all;
        lock (_gate)
        {
            _disposed = true;
            all = Task.WhenAll(_open.Values.ToList().Select(BeginClose).Concat(_closing.Values).ToList());
        }

        await all.ConfigureAwait(false);
    }

    private async ValueTask<LogLease?> AcquireAndRememberAsync(GrainId grainId, string logName, string path, bool create, CancellationToken cancellationToken)
    {
        var lease = await AcquireAsync(path, create, cancellationToken).ConfigureAwait(false);
        if (lease is not null)
        {
            lock (_gate)
            {
                var entry = lease.Entry;
                if (!entry.Closing && entry.GrainKey is null)
                {
                    entry.GrainKey = (grainId, logName);
                    if (!_byGrain.TryGetValue(grainId, out var logs))
                    {
                        _byGrain[grainId] = logs = new(StringComparer.Ordinal);
                    }

                    logs[logName] = entry;
                }
            }
        }

        return lease;
    }

    /// <summary>Drops the grain-and-name key of an entry leaving the open set. Call under the gate.</summary>
    private void ForgetGrainKey(Entry entry)
    {
        if (entry.GrainKey is { } key && _byGrain.TryGetValue(key.Grain, out var logs)
            && logs.TryGetValue(key.LogName, out var current) && current == entry)
        {
            logs.Remove(key.LogName);
            if (logs.Count == 0)
            {
                _byGrain.Remove(key.Grain);
            }
        }
    }

    private async Task OpenAsync(Entry entry, Task? previousClose, bool create, CancellationToken cancellationToken)
    {
        try
        {
            if (previousClose is not null)
            {
                // The same file may not be open twice: wait until the previous instance is closed.
                await previousClose.ConfigureAwait(false);
            }

            // An archived log (compressed by retention) is inflated on first use, so every API reads
            // it transparently; only this opener touches the path, so nobody races the inflate.
            await ArchivedSessions.InflateAsync(entry.Path, _files, cancellationToken).ConfigureAwait(false);

            AppendLog? log = null;
            if (create)
            {
                DirectorySync.CreateDirectory(_fileSystem, Path.GetDirectoryName(entry.Path)!, _durable);
            }

            if (create || _fileSystem.FileExists(entry.Path))
            {
                log = await AppendLog.OpenAsync(entry.Path, _logOptions, _logger, cancellationToken).ConfigureAwait(false);
            }

            entry.Opened.SetResult(log);
            if (log is null)
            {
                Forget(entry);
            }
        }
        catch (Exception e)
        {
            Forget(entry);
            entry.Opened.SetException(e);
        }

        EvictBeyondCapacity();
    }

    /// <summary>Drops an entry that holds no open log, so the next acquire tries again.</summary>
    private void Forget(Entry entry)
    {
        lock (_gate)
        {
            if (_open.TryGetValue(entry.Path, out var current) && current == entry)
            {
                _open.Remove(entry.Path);
                _recency.Remove(entry.Node);
            }

            ForgetGrainKey(entry);

            entry.Closed.TrySetResult();
        }
    }

    private void EvictBeyondCapacity()
    {
        var evicted = 0;
        lock (_gate)
        {
            for (var node = _recency.Last; node is not null && _open.Count > Capacity;)
            {
                var previous = node.Previous;
                if (node.Value.Leases == 0 && node.Value.Opened.Task.IsCompletedSuccessfully)
                {
                    BeginClose(node.Value);
                    evicted++;
                }

                node = previous;
            }
        }

        if (evicted > 0)
        {
            FlatfileProviderLog.LogsEvicted(_logger, evicted, Capacity);
        }
    }

    /// <summary>Takes the entry out of the open set; it is disposed when its last lease ends. Call under the gate.</summary>
    private Task BeginClose(Entry entry)
    {
        if (!entry.Closing)
        {
            entry.Closing = true;
            ForgetGrainKey(entry);
            _open.Remove(entry.Path);
            _recency.Remove(entry.Node);
            _closing[entry.Path] = entry.Closed.Task;
            if (entry.Leases == 0)
            {
                _ = DisposeEntryAsync(entry);
            }
        }

        return entry.Closed.Task;
    }

    private void Release(Entry entry)
    {
        bool dispose;
        lock (_gate)
        {
            entry.Leases--;
            dispose = entry.Leases == 0 && entry.Closing;
        }

        if (dispose)
        {
            _ = DisposeEntryAsync(entry);
        }
    }

    private async Task DisposeEntryAsync(Entry entry)
    {
        try
        {
            if (await entry.Opened.Task.ConfigureAwait(false) is { } log)
            {
                await log.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // A log that failed to open has nothing to close; its error went to whoever opened it.
        }
        finally
        {
            lock (_gate)
            {
                if (_closing.TryGetValue(entry.Path, out var closing) && closing == entry.Closed.Task)
                {
                    _closing.Remove(entry.Path);
                }
            }

            entry.Closed.TrySetResult();
        }
    }

    /// <summary>One log file: its opening, its users and its closing.</summary>
    internal sealed class Entry
    {
        public Entry(string path)
        {
            Path = path;
            Node = new LinkedListNode<Entry>(this);
        }

        public string Path { get; }

        internal LinkedListNode<Entry> Node { get; }

        internal TaskCompletionSource<AppendLog?> Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal int Leases { get; set; }

        internal bool Closing { get; set; }

        /// <summary>The grain and log name the entry is also found by, once an acquire by grain opened or found it.</summary>
        internal (GrainId Grain, string LogName)? GrainKey { get; set; }
    }

    /// <summary>Use of one open log; dispose it to let the log be closed again.</summary>
    public sealed class LogLease : IDisposable
    {
        private readonly FlatfileOpenLogs _owner;
        private readonly Entry _entry;
        private int _released;

        internal LogLease(FlatfileOpenLogs owner, Entry entry, AppendLog log)
        {
            _owner = owner;
            _entry = entry;
            Log = log;
        }

        public AppendLog Log { get; }

        internal Entry Entry => _entry;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                _owner.Release(_entry);
            }
        }
    }
}

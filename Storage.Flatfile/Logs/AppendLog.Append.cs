using System.Buffers;
using System.Diagnostics;
using ChatDb.Storage.Logs;

namespace ChatDb.Storage.Flatfile.Logs;

// Group commit. Appends are queued under _gate and get their sequence numbers in queue order. The
// appender that finds nobody draining becomes the leader: it writes everything queued with one
// write and one fsync, publishes the new state and completes those appends. If more arrived
// meanwhile, the drain continues on the thread pool until the queue is empty; no thread is kept
// per log. A failed write or fsync faults the log: every pending and later append fails.
public sealed partial class AppendLog
{
    private readonly Lock _gate = new();
    private readonly List<(long Sequence, long Offset)> _batchIndexEntries = [];
    private List<PendingAppend> _queue = [];
    private List<PendingAppend>? _spare = [];
    private long _assigned;
    private bool _draining;
    private StorageError? _fault;
    private TaskCompletionSource? _drainIdle;

    // Owned by whoever drains (one at a time).
    private long _count;
    private long _endOffset;

    /// <summary>
    /// Appends one record: a serialized JSON object (starting with <c>{</c>, one line, without a
    /// top-level <c>seq</c>). The log stores it as <c>{"seq":N,...}</c>. Completes with N once the
    /// line is durable (or written to the OS when <see cref="AppendLogOptions.FsyncOnCommit"/> is
    /// off). <paramref name="json"/> must stay unchanged until then. Once queued, an append is not
    /// cancelled; the token is only checked before.
    /// </summary>
    public ValueTask<long> AppendAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<long>(cancellationToken);
        }

        try
        {
            LogLineFormat.ValidateCallerObject(json.Span, $"Log '{Path}'");
        }
        catch (ValidationError e)
        {
            return ValueTask.FromException<long>(e);
        }

        return Enqueue(new PendingAppend(json, null, 1, LogDurability.Durable), expectedCount: null);
    }

    /// <summary>
    /// Appends <paramref name="records"/> in order, written together in one group commit. With
    /// <paramref name="expectedCount"/> set, the batch is appended only if the log then holds exactly
    /// that many records (queued appends included), else <see cref="LogSequenceConflictException"/>.
    /// Completes with the sequence number of the last record (the new count): once durable, or with
    /// <see cref="LogDurability.Deferred"/> once written (the next durable append's fsync covers it).
    /// </summary>
    public ValueTask<long> AppendBatchAsync(
        IReadOnlyList<ReadOnlyMemory<byte>> records, long? expectedCount = null, LogDurability durability = LogDurability.Durable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<long>(cancellationToken);
        }

        try
        {
            for (var i = 0; i < records.Count; i++)
            {
                LogLineFormat.ValidateCallerObject(records[i].Span, $"Log '{Path}', record {i} of the batch");
            }
        }
        catch (ValidationError e)
        {
            return ValueTask.FromException<long>(e);
        }

        return Enqueue(new PendingAppend(default, records, records.Count, durability), expectedCount);
    }

    /// <summary>
    /// <see cref="AppendBatchAsync"/> for records made by a JSON serializer (which writes no raw newline and one
    /// complete value) with no top-level <c>seq</c>: each is checked to be one line that starts with <c>{</c> and
    /// ends with <c>}</c>, without parsing it again.
    /// </summary>
    internal ValueTask<long> AppendSerializedBatchAsync(
        IReadOnlyList<ReadOnlyMemory<byte>> records, long? expectedCount = null, LogDurability durability = LogDurability.Durable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<long>(cancellationToken);
        }

        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i].Span;
            if (record.Length < 2 || record[0] != (byte)'{' || record[^1] != (byte)'}' || record.Contains(LogLineFormat.NewLine))
            {
                return ValueTask.FromException<long>(new ValidationError(
                    $"Log '{Path}', record {i} of the batch: a serialized record must be one JSON object on one line, from '{{' to '}}'."));
            }
        }

        return Enqueue(new PendingAppend(default, records, records.Count, durability), expectedCount);
    }

    private ValueTask<long> Enqueue(PendingAppend pending, long? expectedCount)
    {
        bool lead;
        lock (_gate)
        {
            if (_disposed)
            {
                return ValueTask.FromException<long>(new ObjectDisposedException(nameof(AppendLog), $"Log '{Path}' is closed."));
            }

            if (_fault is not null)
            {
                return ValueTask.FromException<long>(new StorageError(
                    $"Log '{Path}' accepts no appends: an earlier write or fsync failed and nothing after it is trusted until the log is reopened. First failure: {_fault.Message}", _fault));
            }

            if (expectedCount is { } expected && expected != _assigned)
            {
                return ValueTask.FromException<long>(new LogSequenceConflictException(Path, expected, _assigned));
            }

            if (pending.RecordCount == 0)
            {
                return ValueTask.FromResult(_assigned);
            }

            pending.FirstSequence = _assigned + 1;
            _assigned += pending.RecordCount;
            _queue.Add(pending);
            lead = !_draining;
            _draining = true;
        }

        if (lead)
        {
            // The leader commits its own batch inline, then hands any followers to the thread pool
            // so its caller is not held hostage by other appenders.
            WriteQueued();
            if (!StopDrainingIfIdle())
            {
                ThreadPool.UnsafeQueueUserWorkItem(static log => log.DrainLoop(), this, preferLocal: false);
            }
        }

        return new ValueTask<long>(pending.Task);
    }

    private void DrainLoop()
    {
        do
        {
            WriteQueued();
        }
        while (!StopDrainingIfIdle());
    }

    private bool StopDrainingIfIdle()
    {
        lock (_gate)
        {
            if (_queue.Count > 0 && _fault is null)
            {
                return false;
            }

            _draining = false;
            _drainIdle?.TrySetResult();
            _drainIdle = null;
            return true;
        }
    }

    private void WriteQueued()
    {
        List<PendingAppend> batch;
        lock (_gate)
        {
            batch = _queue;
            _queue = _spare ?? [];
            _spare = null;
        }

        if (batch.Count == 0)
        {
            _spare = batch;
            return;
        }

        byte[]? buffer = null;
        var operation = "write";
        var written = 0;
        try
        {
            var size = 0L;
            foreach (var pending in batch)
            {
                for (var i = 0; i < pending.RecordCount; i++)
                {
                    size += LogLineFormat.MaxLineLength(pending.Record(i).Length);
                }
            }

            buffer = ArrayPool<byte>.Shared.Rent(checked((int)size));
            var sequence = batch[0].FirstSequence;
            _batchIndexEntries.Clear();
            foreach (var pending in batch)
            {
                for (var i = 0; i < pending.RecordCount; i++, sequence++)
                {
                    if ((sequence - 1) % _options.IndexSpacing == 0)
                    {
                        _batchIndexEntries.Add((sequence, _endOffset + written));
                    }

                    var record = pending.Record(i).Span;
                    written += LogLineFormat.WriteLine(buffer.AsSpan(written), sequence, record, LogLineFormat.IsEmptyObject(record));
                }
            }

            _fileSystem.Write(_handle, buffer.AsSpan(0, written), _endOffset);

            // A batch of deferred appends only is not forced to disk; the next durable batch's fsync covers it.
            if (_options.FsyncOnCommit && batch.Exists(p => p.Durability == LogDurability.Durable))
            {
                operation = "fsync";
                var started = Stopwatch.GetTimestamp();
                _fileSystem.FlushToDisk(_handle);
                ChatDbMetrics.FsyncDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            }

            operation = "publish";
            ChatDbMetrics.LogCommits.Add(1);
            ChatDbMetrics.LogRecordsAppended.Add(sequence - 1 - _count);
            _endOffset += written;
            _count = sequence - 1;
            Publish();
        }
        catch (Exception e)
        {
            // Runs on a pool thread: nothing may escape. Whatever failed, the appends are not acknowledged.
            Fault(batch, e, operation, written);
            return;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        foreach (var pending in batch)
        {
            pending.TrySetResult(pending.FirstSequence + pending.RecordCount - 1);
        }

        batch.Clear();
        lock (_gate)
        {
            _spare = batch;
        }
    }

    private void Fault(List<PendingAppend> batch, Exception exception, string operation, int bytes)
    {
        var first = batch[0].FirstSequence;
        var last = batch[^1].FirstSequence + batch[^1].RecordCount - 1;
        var error = new StorageError(
            $"Log '{Path}': {operation} of records {first}..{last} ({bytes} bytes at byte offset {_endOffset}) failed: {exception.Message}. " +
            "These appends are not acknowledged and the log accepts no more until it is reopened and recovered from disk.", exception);
        List<PendingAppend> waiting;
        lock (_gate)
        {
            _fault ??= error;
            waiting = _queue;
            _queue = [];
        }

        LogMessages.Faulted(_logger, exception, Path, operation);
        CutUnacknowledged();
        foreach (var pending in batch.Concat(waiting))
        {
            pending.TrySetException(error);
        }
    }

    /// <summary>
    /// After a failed write or fsync the failed batch's bytes may sit in the page cache, marked clean
    /// although they never reached the disk (Linux drops them from writeback after an I/O error), so a
    /// later successful fsync would not persist them: a reopened log would count records that can vanish
    /// under records acknowledged after them. Cutting the file back to the last acknowledged byte (and
    /// fsyncing the cut) makes the next appends rewrite that range with fresh pages.
    /// </summary>
    private void CutUnacknowledged()
    {
        try
        {
            if (_fileSystem.GetLength(_handle) > _endOffset)
            {
                _fileSystem.SetLength(_handle, _endOffset);
                _fileSystem.FlushToDisk(_handle);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The next open in this process cuts there before it trusts the file.
            UnacknowledgedTails[Path] = _endOffset;
            LogMessages.FaultCutFailed(_logger, e, Path, _endOffset);
        }
    }

    private sealed class PendingAppend(ReadOnlyMemory<byte> single, IReadOnlyList<ReadOnlyMemory<byte>>? batch, int recordCount, LogDurability durability)
        : TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public int RecordCount { get; } = recordCount;

        public LogDurability Durability { get; } = durability;

        public long FirstSequence { get; set; }

        public ReadOnlyMemory<byte> Record(int index) => batch is null ? single : batch[index];
    }
}

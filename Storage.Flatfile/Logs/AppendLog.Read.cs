
namespace ChatDb.Storage.Flatfile.Logs;

// Reads. A read takes the published state (acknowledged records only), seeks through the sparse
// index to the nearest indexed record at or before the first one wanted, and scans forward: at
// most K-1 records more than it returns, whatever the size of the log.
public sealed partial class AppendLog
{
    // Guards _index and the index file: the writer adds entries and publishes under it, and a reader
    // that finds an entry pointing at the wrong line rebuilds the index under it.
    private readonly Lock _indexGate = new();
    private LogSparseIndex _index;
    private int _persistedIndexEntries;

    /// <summary>The last <paramref name="count"/> records (fewer if the log is shorter), oldest first.</summary>
    public ValueTask<IReadOnlyList<LogRecord>> ReadTailAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Read(state => (Math.Max(1, state.Count - count + 1), state.Count), cancellationToken);
    }

    /// <summary>Up to <paramref name="maxCount"/> records from sequence <paramref name="fromSequence"/> on (offset paging: from = offset + 1).</summary>
    public ValueTask<IReadOnlyList<LogRecord>> ReadRangeAsync(long fromSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        return Read(state => fromSequence > state.Count ? (1, 0) : (fromSequence, Math.Min(state.Count, fromSequence - 1 + maxCount)), cancellationToken);
    }

    /// <summary>Up to <paramref name="maxCount"/> records with sequence below <paramref name="beforeSequence"/>, the closest ones, oldest first.</summary>
    public ValueTask<IReadOnlyList<LogRecord>> ReadBeforeAsync(long beforeSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(beforeSequence, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        return Read(state =>
        {
            var last = Math.Min(beforeSequence - 1, state.Count);
            return (Math.Max(1, last - maxCount + 1), maxCount == 0 ? 0 : last);
        }, cancellationToken);
    }

    /// <summary>Up to <paramref name="maxCount"/> records with sequence above <paramref name="afterSequence"/>, oldest first.</summary>
    public ValueTask<IReadOnlyList<LogRecord>> ReadAfterAsync(long afterSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        return afterSequence == long.MaxValue
            ? ValueTask.FromResult<IReadOnlyList<LogRecord>>([])
            : ReadRangeAsync(afterSequence + 1, maxCount, cancellationToken);
    }

    private ValueTask<IReadOnlyList<LogRecord>> Read(Func<LogState, (long First, long Last)> range, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<IReadOnlyList<LogRecord>>(cancellationToken);
        }

        try
        {
            ThrowIfDisposed();
            var state = _state;
            var (first, last) = range(state);
            if (first > last)
            {
                return ValueTask.FromResult<IReadOnlyList<LogRecord>>([]);
            }

            var records = Scan(state, first, last);
            if (records is null)
            {
                // The index entry did not point at its record: rebuild the index from the log, once.
                records = Scan(RebuildIndex(), first, last)
                    ?? throw new IntegrityError($"Log '{Path}': the offset index still disagrees with the log after a rebuild at record {first}; the file changed under its writer.");
            }

            return ValueTask.FromResult<IReadOnlyList<LogRecord>>(records);
        }
        catch (Exception e)
        {
            return ValueTask.FromException<IReadOnlyList<LogRecord>>(e);
        }
    }

    /// <summary>Records first..last, or null when the index entry used to seek is wrong.</summary>
    private LogRecord[]? Scan(LogState state, long first, long last)
    {
        var entry = LogSparseIndex.EntryOf(first, state.Spacing);
        var sequence = LogSparseIndex.SequenceOf(entry, state.Spacing);
        var start = state.IndexOffsets[entry];
        var following = LogSparseIndex.EntryOf(last, state.Spacing) + 1;
        var end = following < state.IndexCount ? state.IndexOffsets[following] : state.EndOffset;

        // Start one byte early so the newline ending the previous record is checked too.
        using var scanner = new LogLineScanner(_fileSystem, _handle, Math.Max(0, start - 1), end);
        if (start > 0 && (!scanner.TryReadLine(out var previousEnd, out _, out var terminated) || !terminated || !previousEnd.IsEmpty))
        {
            return null;
        }

        var records = new LogRecord[checked((int)(last - first + 1))];
        for (var seek = sequence; sequence <= last; sequence++)
        {
            if (!scanner.TryReadLine(out var line, out var offset, out var complete) || !complete)
            {
                throw new IntegrityError($"Log '{Path}' line {sequence}: the file ends or the line is unterminated at byte {scanner.Position}, before the acknowledged end of the log at byte {state.EndOffset}.");
            }

            if (!LogLineFormat.TryReadSequence(line, out var found) || found != sequence)
            {
                if (sequence == seek)
                {
                    return null;
                }

                throw new IntegrityError($"Log '{Path}' line {sequence} (byte offset {offset}) is corrupt: {(found == 0 ? "no \"seq\" as its first property" : $"sequence {found} where {sequence} was expected")}.");
            }

            if (sequence >= first)
            {
                if (!LogLineFormat.IsJsonObject(line))
                {
                    throw new IntegrityError($"Log '{Path}' line {sequence} (byte offset {offset}) is corrupt: not a complete JSON object.");
                }

                records[sequence - first] = new LogRecord(sequence, line.ToArray());
            }
        }

        return records;
    }

    /// <summary>After a commit: index the new records and let readers see them.</summary>
    private void Publish()
    {
        lock (_indexGate)
        {
            var before = _index.Count;
            foreach (var (sequence, offset) in _batchIndexEntries)
            {
                _index.Add(sequence, offset);
            }

            _state = LogState.From(_count, _endOffset, _index);
            if (_index.Count != before)
            {
                PersistIndex();
            }
        }
    }

    private LogState RebuildIndex()
    {
        lock (_indexGate)
        {
            var state = _state;
            var index = new LogSparseIndex(state.Spacing);
            var sequence = 1L;
            using (var scanner = new LogLineScanner(_fileSystem, _handle, 0, state.EndOffset))
            {
                while (scanner.TryReadLine(out var line, out var offset, out var terminated))
                {
                    if (!terminated || !LogLineFormat.TryReadSequence(line, out var found) || found != sequence)
                    {
                        throw new IntegrityError($"Log '{Path}' line {sequence} (byte offset {offset}) is corrupt: it does not start with {{\"seq\":{sequence} and a newline-terminated record.");
                    }

                    index.Add(sequence++, offset);
                }
            }

            if (sequence - 1 != state.Count)
            {
                throw new IntegrityError($"Log '{Path}' holds {sequence - 1} records where {state.Count} were acknowledged.");
            }

            _index = index;
            _state = LogState.From(state.Count, state.EndOffset, index);
            _persistedIndexEntries = -1;
            PersistIndex();
            LogMessages.IndexRebuilt(_logger, Path, "an entry did not point at its record", index.Count);
            return _state;
        }
    }

    private void PersistIndex()
    {
        try
        {
            _persistedIndexEntries = LogIndexFile.Write(_fileSystem, _indexPath, _index, _persistedIndexEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _persistedIndexEntries = -1;
            LogMessages.IndexWriteFailed(_logger, e, Path, _indexPath);
        }
    }
}

using ChatDb.Runtime.Storage;

namespace ChatDb.Runtime.Streams;

/// <summary>
/// Persistent provider: items are appended to the stream's log through <see cref="IGrainLogStorage"/>
/// (sequence number = log sequence number) and acknowledged once the log provider made them durable.
/// Recent items are also kept in a buffer so live delivery does not read storage; subscribers
/// further behind (rewinds, backlogs after a restart) read the log.
/// </summary>
internal sealed class LogStreamItemStore<T>(IGrainLogStorage storage, string logName, StreamId streamId, int cacheCapacity) : StreamItemStore<T>
{
    private readonly StreamItemBuffer<T> _cache = new(cacheCapacity);
    private readonly GrainId _storageId = StreamStorageIds.ToGrainId(streamId);

    public override bool IsDurable => true;

    public override int BufferCapacity => _cache.Capacity;

    public override Task<long> LoadAsync(CancellationToken cancellationToken) => storage.CountAsync(logName, _storageId, cancellationToken);

    public override async Task AppendAsync(IReadOnlyList<T> items, long lastSequence, CancellationToken cancellationToken)
    {
        // The expected count makes a second writer (which must not exist) fail instead of interleaving.
        await storage.AppendAsync(logName, _storageId, items, lastSequence, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < items.Count; i++)
        {
            _cache.Add(lastSequence + 1 + i, items[i]);
        }
    }

    public override async Task<StreamRead<T>> ReadAsync(long after, long upTo, int max, CancellationToken cancellationToken)
    {
        var cached = _cache.Read(after, upTo, max, out var firstCached);
        if (firstCached <= after + 1)
        {
            return new StreamRead<T>(cached, after);
        }

        var count = (int)Math.Min(max, upTo - after);
        var entries = await storage.ReadAsync<T>(logName, _storageId, after + 1, count, cancellationToken).ConfigureAwait(false);
        var items = new List<StreamItem<T>>(entries.Count);
        foreach (var entry in entries)
        {
            items.Add(new StreamItem<T>(entry.Sequence, entry.Value));
        }

        return new StreamRead<T>(items, after);
    }
}

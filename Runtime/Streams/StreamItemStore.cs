namespace ChatDb.Runtime.Streams;

/// <summary>Where one stream's items live: a bounded memory buffer, or a durable log with a buffer in front.</summary>
internal abstract class StreamItemStore<T>
{
    /// <summary>Whether items (and so subscription positions) outlive the silo.</summary>
    public abstract bool IsDurable { get; }

    /// <summary>How many recent items are kept in memory.</summary>
    public abstract int BufferCapacity { get; }

    /// <summary>The sequence number of the last stored item (0: none).</summary>
    public abstract Task<long> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="items"/> after item <paramref name="lastSequence"/>; only one append runs at a time.</summary>
    public abstract Task AppendAsync(IReadOnlyList<T> items, long lastSequence, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="max"/> items after <paramref name="after"/>, none past <paramref name="upTo"/>.
    /// <see cref="StreamRead{T}.LostUpTo"/> above <paramref name="after"/> means items up to it are no longer available.
    /// </summary>
    public abstract Task<StreamRead<T>> ReadAsync(long after, long upTo, int max, CancellationToken cancellationToken);
}

internal readonly record struct StreamRead<T>(IReadOnlyList<StreamItem<T>> Items, long LostUpTo);

/// <summary>Memory provider: the buffer is all there is; a subscriber that falls behind it loses items.</summary>
internal sealed class MemoryStreamItemStore<T>(int capacity) : StreamItemStore<T>
{
    private readonly StreamItemBuffer<T> _buffer = new(capacity);

    public override int BufferCapacity => _buffer.Capacity;

    public override bool IsDurable => false;

    public override Task<long> LoadAsync(CancellationToken cancellationToken) => Task.FromResult(0L);

    public override Task AppendAsync(IReadOnlyList<T> items, long lastSequence, CancellationToken cancellationToken)
    {
        for (var i = 0; i < items.Count; i++)
        {
            _buffer.Add(lastSequence + 1 + i, items[i]);
        }

        return Task.CompletedTask;
    }

    public override Task<StreamRead<T>> ReadAsync(long after, long upTo, int max, CancellationToken cancellationToken)
    {
        var items = _buffer.Read(after, upTo, max, out var firstBuffered);
        return Task.FromResult(new StreamRead<T>(items, Math.Min(firstBuffered - 1, upTo)));
    }
}

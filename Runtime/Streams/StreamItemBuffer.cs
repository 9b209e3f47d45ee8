namespace ChatDb.Runtime.Streams;

/// <summary>
/// The last <see cref="Capacity"/> items of one stream, by sequence number (contiguous). A ring that
/// grows on demand up to its capacity, so quiet streams stay small. Thread-safe.
/// </summary>
internal sealed class StreamItemBuffer<T>(int capacity)
{
    private readonly Lock _lock = new();
    private T[] _items = new T[Math.Min(capacity, 16)];
    private int _head;
    private int _count;
    private long _firstSequence = 1;

    public int Capacity { get; } = capacity;

    /// <summary>Adds the item with sequence <c>last + 1</c>, dropping the oldest once full.</summary>
    public void Add(long sequence, T item)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                _firstSequence = sequence;
            }
            else if (sequence != _firstSequence + _count)
            {
                // A gap (the buffer was not told about some items): restart from this one.
                _count = 0;
                _head = 0;
                _firstSequence = sequence;
            }

            if (_count == _items.Length && _items.Length < Capacity)
            {
                var grown = new T[Math.Min(Capacity, _items.Length * 2)];
                for (var i = 0; i < _count; i++)
                {
                    grown[i] = _items[(_head + i) % _items.Length];
                }

                _items = grown;
                _head = 0;
            }

            if (_count == _items.Length)
            {
                _items[_head] = item;
                _head = (_head + 1) % _items.Length;
                _firstSequence++;
            }
            else
            {
                _items[(_head + _count) % _items.Length] = item;
                _count++;
            }
        }
    }

    /// <summary>
    /// Items with sequence in (<paramref name="after"/>, <paramref name="upTo"/>], at most <paramref name="max"/>.
    /// <paramref name="firstBuffered"/> is the oldest sequence held: when it is above <c>after + 1</c>, older items are gone.
    /// </summary>
    public List<StreamItem<T>> Read(long after, long upTo, int max, out long firstBuffered)
    {
        var result = new List<StreamItem<T>>();
        lock (_lock)
        {
            firstBuffered = _count == 0 ? upTo + 1 : _firstSequence;
            var from = Math.Max(after + 1, _firstSequence);
            var to = Math.Min(upTo, _firstSequence + _count - 1);
            for (var sequence = from; sequence <= to && result.Count < max; sequence++)
            {
                result.Add(new StreamItem<T>(sequence, _items[(int)((_head + (sequence - _firstSequence)) % _items.Length)]));
            }
        }

        return result;
    }
}

/// <summary>An item and its sequence number.</summary>
internal readonly record struct StreamItem<T>(long Sequence, T Value)
{
    public StreamSequenceToken Token => new(Sequence);
}

using ChatDb.Grains.Models;

namespace ChatDb.Grains.Internal;

/// <summary>
/// The most recent messages of a log, contiguous by sequence number, in a ring buffer of at most
/// <c>capacity</c> messages: hot reads of the last page never touch storage. The buffer grows with what it
/// holds (doubling from <see cref="InitialCapacity"/>), so an idle activation of an empty or short session does
/// not carry a full buffer (docs/BENCHMARKS.md, idle_activation_bytes).
/// </summary>
internal sealed class MessageTail(int capacity)
{
    /// <summary>The buffer's size at its first message.</summary>
    public const int InitialCapacity = 8;

    private ChatMessage[] _ring = [];
    private int _start;
    private int _count;

    public int Count => _count;

    /// <summary>Sequence number of the oldest cached message; 0 when empty.</summary>
    public long FirstSeq => _count == 0 ? 0 : _ring[_start].Seq;

    public long LastSeq => _count == 0 ? 0 : Last!.Seq;

    public ChatMessage? Last => _count == 0 ? null : _ring[(_start + _count - 1) % _ring.Length];

    /// <summary>Adds the next message; it must follow the last one, else the cache restarts with it.</summary>
    public void Add(ChatMessage message)
    {
        if (_count > 0 && message.Seq != LastSeq + 1)
        {
            Clear();
        }

        if (_count == _ring.Length && _ring.Length < capacity)
        {
            Grow();
        }

        if (_count < _ring.Length)
        {
            _ring[(_start + _count) % _ring.Length] = message;
            _count++;
        }
        else
        {
            _ring[_start] = message;
            _start = (_start + 1) % _ring.Length;
        }
    }

    public void Clear()
    {
        _ring = [];
        _start = 0;
        _count = 0;
    }

    /// <summary>Doubles the buffer (up to the capacity), its messages in order from index 0.</summary>
    private void Grow()
    {
        var grown = new ChatMessage[Math.Min(capacity, Math.Max(InitialCapacity, _ring.Length * 2))];
        for (var i = 0; i < _count; i++)
        {
            grown[i] = _ring[(_start + i) % _ring.Length];
        }

        _ring = grown;
        _start = 0;
    }

    /// <summary>Whether messages <paramref name="first"/>..<paramref name="last"/> are all cached.</summary>
    public bool Covers(long first, long last) => _count > 0 && first >= FirstSeq && last <= LastSeq;

    /// <summary>Messages <paramref name="first"/>..<paramref name="last"/>, which <see cref="Covers"/> must hold for.</summary>
    public List<ChatMessage> Range(long first, long last)
    {
        var result = new List<ChatMessage>((int)(last - first + 1));
        var offset = (int)(first - FirstSeq);
        for (var i = offset; i <= offset + (last - first); i++)
        {
            result.Add(_ring[(_start + i) % _ring.Length]);
        }

        return result;
    }
}

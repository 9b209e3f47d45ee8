using ChatDb.Grains.Models;

namespace ChatDb.Grains.Search;

/// <summary>
/// Per-document columns indexed by ordinal. A removed document leaves a free slot (null message)
/// until <see cref="FullTextIndex"/> compacts; ordinals are never reused before that.
/// </summary>
internal sealed class DocumentTable
{
    private const int InitialCapacity = 64;

    public ChatMessage?[] Messages = new ChatMessage?[InitialCapacity];
    public int[] Sessions = new int[InitialCapacity];
    public int[] Roles = new int[InitialCapacity];
    public int[] Lengths = new int[InitialCapacity];
    public long[] UtcTicks = new long[InitialCapacity];

    /// <summary>Slots used, live or free.</summary>
    public int Count { get; private set; }

    public int LiveCount { get; private set; }

    public long TotalLength { get; private set; }

    public int FreeCount => Count - LiveCount;

    public int Allocate(ChatMessage message, int session, int role)
    {
        if (Count == Messages.Length)
        {
            var size = Count * 2;
            Array.Resize(ref Messages, size);
            Array.Resize(ref Sessions, size);
            Array.Resize(ref Roles, size);
            Array.Resize(ref Lengths, size);
            Array.Resize(ref UtcTicks, size);
        }

        var document = Count++;
        Messages[document] = message;
        Sessions[document] = session;
        Roles[document] = role;
        Lengths[document] = 0;
        UtcTicks[document] = message.Timestamp.UtcTicks;
        LiveCount++;
        return document;
    }

    public void SetLength(int document, int length)
    {
        TotalLength += length - Lengths[document];
        Lengths[document] = length;
    }

    public void Free(int document)
    {
        TotalLength -= Lengths[document];
        Messages[document] = null;
        Sessions[document] = -1;
        Lengths[document] = 0;
        LiveCount--;
    }

    /// <summary>Moves live documents to the front, keeping their order; returns old → new ordinal (-1 for freed).</summary>
    public int[] Compact()
    {
        var map = new int[Count];
        var write = 0;
        for (var read = 0; read < Count; read++)
        {
            if (Messages[read] is null)
            {
                map[read] = -1;
                continue;
            }

            Messages[write] = Messages[read];
            Sessions[write] = Sessions[read];
            Roles[write] = Roles[read];
            Lengths[write] = Lengths[read];
            UtcTicks[write] = UtcTicks[read];
            map[read] = write++;
        }

        Array.Clear(Messages, write, Count - write);
        Count = write;
        return map;
    }

    public void Clear()
    {
        Array.Clear(Messages, 0, Count);
        Count = 0;
        LiveCount = 0;
        TotalLength = 0;
    }
}

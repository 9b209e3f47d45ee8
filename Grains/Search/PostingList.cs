namespace ChatDb.Grains.Search;

/// <summary>
/// The postings of one term, in increasing document ordinal: parallel arrays of ordinals and term
/// frequencies, and the positions of every posting laid end to end (posting i owns
/// <c>Positions[PositionStarts[i] .. PositionStarts[i] + Frequencies[i]]</c>). Documents are added
/// with ever larger ordinals, so appending keeps the order.
/// </summary>
internal sealed class PostingList
{
    public int[] Documents = new int[2];
    public int[] Frequencies = new int[2];
    public int[] PositionStarts = new int[2];
    public int[] Positions = new int[4];
    public int Count;
    public int PositionCount;

    public int LastDocument => Count == 0 ? -1 : Documents[Count - 1];

    /// <summary>Records one occurrence at <paramref name="position"/> in <paramref name="document"/> (not below the last).</summary>
    public void Add(int document, int position)
    {
        if (Count == 0 || Documents[Count - 1] != document)
        {
            if (Count == Documents.Length)
            {
                var size = Count * 2;
                Array.Resize(ref Documents, size);
                Array.Resize(ref Frequencies, size);
                Array.Resize(ref PositionStarts, size);
            }

            Documents[Count] = document;
            Frequencies[Count] = 0;
            PositionStarts[Count] = PositionCount;
            Count++;
        }

        if (PositionCount == Positions.Length)
        {
            Array.Resize(ref Positions, PositionCount * 2);
        }

        Positions[PositionCount++] = position;
        Frequencies[Count - 1]++;
    }

    public ReadOnlySpan<int> PositionsOf(int index) => Positions.AsSpan(PositionStarts[index], Frequencies[index]);

    /// <summary>Drops the postings of documents marked in <paramref name="removed"/>; keeps the order.</summary>
    public void RemoveDocuments(Func<int, bool> removed)
    {
        var write = 0;
        var positionWrite = 0;
        for (var read = 0; read < Count; read++)
        {
            if (removed(Documents[read]))
            {
                continue;
            }

            var frequency = Frequencies[read];
            Array.Copy(Positions, PositionStarts[read], Positions, positionWrite, frequency);
            Documents[write] = Documents[read];
            Frequencies[write] = frequency;
            PositionStarts[write] = positionWrite;
            positionWrite += frequency;
            write++;
        }

        Count = write;
        PositionCount = positionWrite;
    }

    /// <summary>Renumbers documents with a map that keeps their order (compaction).</summary>
    public void Renumber(int[] newOrdinal)
    {
        for (var i = 0; i < Count; i++)
        {
            Documents[i] = newOrdinal[Documents[i]];
        }
    }

    /// <summary>First index at or after <paramref name="from"/> whose document is ≥ <paramref name="target"/> (galloping search).</summary>
    public int SeekIndex(int from, int target)
    {
        if (from >= Count || Documents[from] >= target)
        {
            return from;
        }

        // Documents[low] < target holds throughout; double the step until it overshoots.
        var low = from;
        var step = 1;
        while (low + step < Count && Documents[low + step] < target)
        {
            low += step;
            step <<= 1;
        }

        var high = Math.Min(low + step, Count);
        var index = Array.BinarySearch(Documents, low + 1, high - low - 1, target);
        return index >= 0 ? index : ~index;
    }
}

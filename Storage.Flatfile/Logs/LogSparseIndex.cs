namespace ChatDb.Storage.Flatfile.Logs;

/// <summary>
/// In-memory sparse offset index: entry i holds the byte offset of record <c>i*K+1</c>
/// (K = <see cref="Spacing"/>). A million records at K = 64 take ~16k entries (128 KB).
/// Only the log's writer adds entries; entries below a published <see cref="LogState.IndexCount"/>
/// are never changed afterwards, so readers use the array without a lock.
/// </summary>
internal sealed class LogSparseIndex
{
    private long[] _offsets;

    public LogSparseIndex(int spacing, long[]? offsets = null, int count = 0)
    {
        Spacing = spacing;
        _offsets = offsets ?? new long[4];
        Count = count;
    }

    public int Spacing { get; }

    public int Count { get; private set; }

    public long[] Offsets => _offsets;

    public static long SequenceOf(int entry, int spacing) => ((long)entry * spacing) + 1;

    public static int EntryOf(long sequence, int spacing) => checked((int)((sequence - 1) / spacing));

    /// <summary>Records the offset of <paramref name="sequence"/> when it is an indexed record.</summary>
    public void Add(long sequence, long offset)
    {
        if ((sequence - 1) % Spacing != 0)
        {
            return;
        }

        var entry = EntryOf(sequence, Spacing);
        if (entry != Count)
        {
            throw new InvalidOperationException($"Index entry {entry} added after {Count} entries; records must be indexed in order.");
        }

        if (Count == _offsets.Length)
        {
            Array.Resize(ref _offsets, _offsets.Length * 2);
        }

        _offsets[Count++] = offset;
    }

    /// <summary>Drops the entries at or beyond <paramref name="length"/> (after a tail was cut at open).</summary>
    public void DropFrom(long length)
    {
        while (Count > 0 && _offsets[Count - 1] >= length)
        {
            Count--;
        }
    }
}

/// <summary>
/// What readers see: the acknowledged records only. Published by the writer after each group
/// commit; a reader never goes past <see cref="EndOffset"/>, so it never sees a partial line.
/// </summary>
internal sealed record LogState(long Count, long EndOffset, long[] IndexOffsets, int IndexCount, int Spacing)
{
    public static LogState From(long count, long endOffset, LogSparseIndex index) =>
        new(count, endOffset, index.Offsets, index.Count, index.Spacing);
}

namespace ChatDb.Grains.Search;

/// <summary>
/// Serializes a <see cref="FullTextIndex"/> to one self-checking byte array and back
/// (docs/SEARCH.md, "Full-text segment"). The caller writes the bytes atomically, so after a crash
/// the file is either the previous complete segment or absent; anything else is reported as
/// <see cref="SegmentLoadStatus.Corrupt"/> and the caller rebuilds from the logs.
/// </summary>
public static class FullTextSegment
{
    public const string Magic = "CDBF";
    public const ushort Version = 1;

    /// <summary>Conventional file name in the grain's <c>index</c> files collection.</summary>
    public const string FileName = "fulltext.seg";

    public static byte[] Write(FullTextIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var writer = new SegmentWriter(1 << 16);
        index.WriteBody(writer);
        return SegmentHeader.Seal(Magic, Version, index.DocumentCount, writer.WrittenSpan);
    }

    /// <summary>Reads a segment; <paramref name="file"/> null means the file does not exist.</summary>
    public static SegmentLoadResult<FullTextIndex> Read(byte[]? file, TokenizerOptions? tokenizer = null, Bm25Parameters? bm25 = null)
    {
        if (file is null)
        {
            return new(SegmentLoadStatus.Missing, null, "no full-text segment has been written");
        }

        try
        {
            var body = SegmentHeader.Open(file, Magic, Version, out var count);
            var reader = new SegmentReader(body);
            var index = FullTextIndex.ReadBody(ref reader, count, tokenizer ?? TokenizerOptions.Default, bm25 ?? Bm25Parameters.Default);
            return new(SegmentLoadStatus.Loaded, index, $"{index.DocumentCount} messages in {index.Sessions.Count} sessions");
        }
        catch (CorruptSegmentException e)
        {
            return new(SegmentLoadStatus.Corrupt, null, "the full-text segment is corrupt: " + e.Message);
        }
        catch (TokenizerSettingsChangedException e)
        {
            return new(SegmentLoadStatus.SettingsChanged, null, "the tokenizer settings changed: " + e.Message);
        }
    }
}

namespace ChatDb.Grains.Search;

/// <summary>
/// Serializes a <see cref="VectorIndex"/> (docs/SEARCH.md, "Vector file"): the shared header, the
/// embedder id and dimension, the (session, seq) keys, then every vector as IEEE half floats.
/// Reading with another embedder identity reports <see cref="SegmentLoadStatus.EmbedderChanged"/>.
/// </summary>
public static class VectorSegment
{
    public const string Magic = "CDBV";
    public const ushort Version = 1;

    /// <summary>Conventional file name in the grain's <c>index</c> files collection.</summary>
    public const string FileName = "vectors.seg";

    public static byte[] Write(VectorIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var writer = new SegmentWriter(64 + index.Count * (index.Dimensions * 2 + 8));
        index.WriteBody(writer);
        return SegmentHeader.Seal(Magic, Version, index.Count, writer.WrittenSpan);
    }

    public static SegmentLoadResult<VectorIndex> Read(byte[]? file, EmbedderIdentity expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (file is null)
        {
            return new(SegmentLoadStatus.Missing, null, "no vector file has been written");
        }

        try
        {
            var body = SegmentHeader.Open(file, Magic, Version, out var count);
            var reader = new SegmentReader(body);
            var index = VectorIndex.ReadBody(ref reader, count, expected);
            return new(SegmentLoadStatus.Loaded, index, $"{index.Count} vectors of {expected}");
        }
        catch (CorruptSegmentException e)
        {
            return new(SegmentLoadStatus.Corrupt, null, "the vector file is corrupt: " + e.Message);
        }
        catch (EmbedderChangedException e)
        {
            return new(SegmentLoadStatus.EmbedderChanged, null, "the embedder changed, every message must be embedded again: " + e.Message);
        }
    }
}

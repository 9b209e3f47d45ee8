namespace ChatDb.Grains.Multimodal;

/// <summary>The <c>Multimodal</c> section (docs/MULTIMODAL.md): the bounds of image analysis.</summary>
public sealed class MultimodalOptions
{
    public const string SectionName = "Multimodal";

    /// <summary>
    /// The most pixels (width × height, read from the header before anything is decoded) an image may have to be decoded
    /// for its thumbnail; a larger one is marked failed. A decompression bomb claims huge dimensions in a few bytes.
    /// </summary>
    public long MaxImagePixels { get; set; } = 40_000_000;

    /// <summary>The long side of a thumbnail, in pixels; smaller images keep their size.</summary>
    public int ThumbnailMaxSide { get; set; } = 256;
}

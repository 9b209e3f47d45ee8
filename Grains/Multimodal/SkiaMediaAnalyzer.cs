using System.Globalization;
using ChatDb.Grains.Media;
using ChatDb.Grains.Models;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace ChatDb.Grains.Multimodal;

/// <summary>
/// Images through SkiaSharp: the header is read first (format, dimensions, frames), and only an image within
/// <see cref="MultimodalOptions.MaxImagePixels"/> is decoded, once, for its thumbnail. Audio and video are described by
/// their media type and size only: nothing here parses them.
/// </summary>
public sealed class SkiaMediaAnalyzer(IOptions<MultimodalOptions> options) : IMediaAnalyzer
{
    /// <summary>The image formats analyzed; any other decodable format is reported as not supported.</summary>
    public static IReadOnlyList<string> ImageFormats { get; } = ["png", "jpeg", "webp", "gif"];

    private readonly MultimodalOptions _options = options.Value;

    public MediaAnalysis? Analyze(string filename, string mediaType, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var kind = MediaKinds.Of(mediaType);
        if (kind is null)
        {
            return null;
        }

        var described = new MediaInfo { Kind = kind, Status = MediaStatuses.Analyzed, MediaType = mediaType, Size = content.LongLength };
        if (kind != MediaKinds.Image)
        {
            return new MediaAnalysis(described, null);
        }

        try
        {
            return AnalyzeImage(described, content);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The codec is native code fed by callers: whatever it throws is this document's failure, not the silo's.
            return Failed(described, $"the image could not be decoded ({error.GetType().Name}: {error.Message}).");
        }
    }

    private MediaAnalysis AnalyzeImage(MediaInfo described, byte[] content)
    {
        using var stream = new MemoryStream(content, writable: false);
        using var codec = SKCodec.Create(stream, out var opened);
        if (codec is null)
        {
            return Failed(described, $"the image header could not be read (codec result {opened}); the file is not a PNG, JPEG, WebP or GIF image, or it is corrupt.");
        }

        var format = FormatName(codec.EncodedFormat);
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var header = described with { Format = format, Width = width, Height = height, FrameCount = Math.Max(1, codec.FrameCount) };
        if (!ImageFormats.Contains(format, StringComparer.Ordinal))
        {
            return Failed(header, $"image format '{format}' is not one of {string.Join(", ", ImageFormats)}.");
        }

        var pixels = (long)width * height;
        if (width <= 0 || height <= 0 || pixels > _options.MaxImagePixels)
        {
            return Failed(header, string.Create(CultureInfo.InvariantCulture,
                $"the image is {width}x{height} ({pixels} pixels), over the limit Multimodal:MaxImagePixels ({_options.MaxImagePixels}); it was not decoded."));
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        var decoded = codec.GetPixels(info, bitmap.GetPixels());
        if (decoded != SKCodecResult.Success)
        {
            return Failed(header, $"the image data could not be decoded (codec result {decoded}); the file is truncated or corrupt.");
        }

        var scale = Math.Min(1.0, (double)_options.ThumbnailMaxSide / Math.Max(width, height));
        var size = new SKSizeI(Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
        using var thumbnail = size.Width == width && size.Height == height
            ? bitmap.Copy()
            : bitmap.Resize(size, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var png = thumbnail?.Encode(SKEncodedImageFormat.Png, 100);
        if (png is null)
        {
            return Failed(header, "the thumbnail could not be made from the decoded image.");
        }

        return new MediaAnalysis(header with { Thumbnail = true }, png.ToArray());
    }

    private static MediaAnalysis Failed(MediaInfo info, string reason) =>
        new(info with { Status = MediaStatuses.Failed, Thumbnail = false, Reason = reason }, null);

    private static string FormatName(SKEncodedImageFormat format) => format.ToString().ToLowerInvariant();
}

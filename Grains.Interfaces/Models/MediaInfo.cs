using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatDb.Grains.Models;

/// <summary>
/// What the multimodal module found out about an image, audio or video document (docs/MULTIMODAL.md). Stored in the
/// document's <see cref="DocumentInfo.Analysis"/> under <see cref="AnalysisKey"/>, so <c>documents/metadata.json</c> keeps
/// its shape and older readers see one more analysis entry.
/// </summary>
public sealed record MediaInfo
{
    /// <summary>The key of <see cref="DocumentInfo.Analysis"/> that holds it.</summary>
    public const string AnalysisKey = "media";

    /// <summary><see cref="MediaKinds.Image"/>, <see cref="MediaKinds.Audio"/> or <see cref="MediaKinds.Video"/>.</summary>
    public required string Kind { get; init; }

    /// <summary><see cref="MediaStatuses.Analyzed"/>, or <see cref="MediaStatuses.Failed"/> with <see cref="Reason"/>.</summary>
    public required string Status { get; init; }

    /// <summary>The media type the document was stored with.</summary>
    public required string MediaType { get; init; }

    /// <summary>Size in bytes.</summary>
    public long Size { get; init; }

    /// <summary>An image's encoded format as read from its header: <c>png</c>, <c>jpeg</c>, <c>webp</c>, <c>gif</c>.</summary>
    public string? Format { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    /// <summary>Frames of an animated image (GIF, WebP); 1 for a still one.</summary>
    public int? FrameCount { get; init; }

    /// <summary>Whether a thumbnail was made (<c>documents/analysis/thumbnails/{filename}.png</c>).</summary>
    public bool Thumbnail { get; init; }

    /// <summary>Why the analysis failed, naming the rule or limit.</summary>
    public string? Reason { get; init; }

    /// <summary>The media entry of <paramref name="document"/>, or null when it has none (not a media document, or the module was off).</summary>
    public static MediaInfo? Of(DocumentInfo document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Analysis is null || !document.Analysis.TryGetValue(AnalysisKey, out var json) || json.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        // Analysis is writable by callers (PUT .../analysis): read leniently, a field of the wrong type is absent.
        string? Text(string name) => json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        int? Int(string name) => json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;
        return new MediaInfo
        {
            Kind = Text("kind") ?? string.Empty,
            Status = Text("status") ?? string.Empty,
            MediaType = Text("media_type") ?? document.MimeType,
            Size = json.TryGetProperty("size", out var size) && size.TryGetInt64(out var bytes) ? bytes : document.Size,
            Format = Text("format"),
            Width = Int("width"),
            Height = Int("height"),
            FrameCount = Int("frame_count"),
            Thumbnail = json.TryGetProperty("thumbnail", out var thumbnail) && thumbnail.ValueKind == JsonValueKind.True,
            Reason = Text("reason"),
        };
    }

    /// <summary>The entry as stored: snake_case fields, absent ones left out.</summary>
    public JsonElement ToJson()
    {
        var node = new JsonObject
        {
            ["kind"] = Kind,
            ["status"] = Status,
            ["media_type"] = MediaType,
            ["size"] = Size,
        };
        if (Format is not null)
        {
            node["format"] = Format;
        }

        if (Width is { } width && Height is { } height)
        {
            node["width"] = width;
            node["height"] = height;
        }

        if (FrameCount is { } frames)
        {
            node["frame_count"] = frames;
        }

        node["thumbnail"] = Thumbnail;
        if (Reason is not null)
        {
            node["reason"] = Reason;
        }

        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }

    /// <summary>
    /// What a model that reads no images (or a run without the module) is given instead of the document:
    /// <c>[image: photo.png, 800x600 PNG]</c>, <c>[audio: talk.mp3, audio/mpeg, 1.2 MB]</c>.
    /// </summary>
    public static string Placeholder(string filename, string mediaType, long size, MediaInfo? media)
    {
        var kind = MediaKinds.Of(mediaType) ?? "document";
        if (media is { Width: { } width, Height: { } height, Format: { } format })
        {
            var frames = media.FrameCount is > 1 and var n ? string.Create(CultureInfo.InvariantCulture, $", {n} frames") : string.Empty;
            return string.Create(CultureInfo.InvariantCulture, $"[{kind}: {filename}, {width}x{height} {format.ToUpperInvariant()}{frames}]");
        }

        return string.Create(CultureInfo.InvariantCulture, $"[{kind}: {filename}, {mediaType}, {Bytes(size)}]");
    }

    private static string Bytes(long size) => size switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{size} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{size / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{size / (1024.0 * 1024):0.#} MB"),
    };
}

/// <summary>The values of <see cref="MediaInfo.Kind"/>, from a document's media type.</summary>
public static class MediaKinds
{
    public const string Image = "image";
    public const string Audio = "audio";
    public const string Video = "video";

    /// <summary><see cref="Image"/>, <see cref="Audio"/> or <see cref="Video"/> by the top-level type; null for anything else.</summary>
    public static string? Of(string? mediaType)
    {
        var top = mediaType?.Split('/', 2)[0].Trim();
        return top?.ToLowerInvariant() switch
        {
            Image => Image,
            Audio => Audio,
            Video => Video,
            _ => null,
        };
    }
}

/// <summary>The values of <see cref="MediaInfo.Status"/>.</summary>
public static class MediaStatuses
{
    public const string Analyzed = "analyzed";
    public const string Failed = "failed";
}

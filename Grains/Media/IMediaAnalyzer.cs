using ChatDb.Grains.Models;

namespace ChatDb.Grains.Media;

/// <summary>
/// Reads what an uploaded image, audio or video document is (format, dimensions, frames) and makes an image's thumbnail.
/// The multimodal module registers the one implementation; the session grain calls it after a document is stored while the
/// module is on. A shared contract outside every module (docs/MODULES.md, "The dependency rule"), so the core and the agent
/// run reach it without using the module's internals.
/// </summary>
public interface IMediaAnalyzer
{
    /// <summary>
    /// The media entry of the document and an image's thumbnail (PNG bytes), or null when <paramref name="mediaType"/> is
    /// no image, audio or video. A broken or oversized file is a <see cref="MediaStatuses.Failed"/> entry naming why,
    /// never an exception.
    /// </summary>
    MediaAnalysis? Analyze(string filename, string mediaType, byte[] content);
}

/// <summary>What <see cref="IMediaAnalyzer.Analyze"/> found: the stored entry, and the thumbnail to store beside the document.</summary>
public sealed record MediaAnalysis(MediaInfo Info, byte[]? Thumbnail);

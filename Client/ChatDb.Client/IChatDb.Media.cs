using ChatDb.Grains.Models;

namespace ChatDb.Client;

/// <summary>Images, audio and video documents as the multimodal module describes them (docs/MULTIMODAL.md).</summary>
public partial interface IChatDb
{
    /// <summary>
    /// The thumbnail (PNG) of an image document. NotFoundError when the session, the document or its thumbnail does not exist
    /// (the message says why: not an image, or its analysis failed); ModuleDisabledError while the multimodal module is off.
    /// </summary>
    Task<byte[]> GetDocumentThumbnailAsync(string userId, string sessionId, string filename, CancellationToken cancellationToken = default);

    /// <summary>
    /// The document's media entry (kind, status, format, dimensions, frames, or why it failed); null when it has none (not an
    /// image, audio or video, or stored while the module was off). NotFoundError when the document does not exist.
    /// </summary>
    Task<MediaInfo?> GetDocumentMediaAsync(string userId, string sessionId, string filename, CancellationToken cancellationToken = default);
}

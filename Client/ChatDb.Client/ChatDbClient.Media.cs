using ChatDb.Grains.Models;

namespace ChatDb.Client;

public sealed partial class ChatDbClient
{
    // === Media (docs/MULTIMODAL.md) ===

    public Task<byte[]> GetDocumentThumbnailAsync(string userId, string sessionId, string filename, CancellationToken cancellationToken = default) =>
        Session(userId, sessionId).GetDocumentThumbnailAsync(filename).WaitAsync(cancellationToken);

    public async Task<MediaInfo?> GetDocumentMediaAsync(string userId, string sessionId, string filename, CancellationToken cancellationToken = default)
    {
        var documents = await ListDocumentsAsync(userId, sessionId, cancellationToken).ConfigureAwait(false);
        return ClientMedia.Of(documents, userId, sessionId, filename);
    }
}

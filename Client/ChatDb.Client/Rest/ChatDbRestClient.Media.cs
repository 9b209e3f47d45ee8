using ChatDb.Grains.Models;

namespace ChatDb.Client;

public sealed partial class ChatDbRestClient
{
    // === Media (docs/MULTIMODAL.md) ===

    public async Task<byte[]> GetDocumentThumbnailAsync(string userId, string sessionId, string filename, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, Document(userId, sessionId, filename) + "/thumbnail", content: null, nullOnNotFound: false, cancellationToken)
            .ConfigureAwait(false);
        return await response!.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<MediaInfo?> GetDocumentMediaAsync(string userId, string sessionId, string filename, CancellationToken cancellationToken = default)
    {
        var documents = await ListDocumentsAsync(userId, sessionId, cancellationToken).ConfigureAwait(false);
        return ClientMedia.Of(documents, userId, sessionId, filename);
    }
}

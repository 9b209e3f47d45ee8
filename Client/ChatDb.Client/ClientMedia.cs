using ChatDb.Grains.Models;
using ChatDb.Storage;

namespace ChatDb.Client;

/// <summary>A document's media entry out of a session's document list, the same through both doors.</summary>
internal static class ClientMedia
{
    public static MediaInfo? Of(IReadOnlyList<DocumentInfo> documents, string userId, string sessionId, string filename) =>
        documents.FirstOrDefault(d => d.Filename == filename) is { } document
            ? MediaInfo.Of(document)
            : throw new NotFoundError($"session {sessionId} of user {userId} has no document {filename}.");
}

using System.Text.Json;
using ChatDb.Grains.Models;
using Orleans;
using Orleans.Concurrency;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains;

/// <summary>
/// One chat session (key <c>{userId}/{sessionId}</c>, see <see cref="ChatGrainKeys.Session"/>): its
/// metadata, its messages, its documents and its situational context. Sessions are created through
/// <see cref="IUserGrain.CreateSessionAsync"/>; every other method fails with NotFoundError on a
/// session that was never created (or was deleted).
/// </summary>
public partial interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Called by the user grain when it creates the session; repeating it with the same session is a no-op.</summary>
    Task<ChatSession> InitializeAsync(ChatSession session);

    [ReadOnly]
    Task<ChatSession> GetAsync();

    Task<ChatSession> UpdateAsync(SessionPatch patch);

    /// <summary>Removes the session and all its files, tells the user grain, and deactivates.</summary>
    Task<SessionDeletionReport> DeleteAsync();

    /// <summary>
    /// Retention: deletes the session as <see cref="DeleteAsync"/> does, but only when its last change
    /// (<c>updated_at</c>, as the activation knows it) is before <paramref name="untouchedBefore"/>;
    /// null when it was touched since, or does not exist.
    /// </summary>
    Task<SessionDeletionReport?> DeleteIfUntouchedAsync(DateTimeOffset untouchedBefore);

    /// <summary>
    /// Retention: compresses the message log when the session was last changed before
    /// <paramref name="untouchedBefore"/>; null when it was touched since, does not exist, or is already
    /// archived. Every API keeps working: the log is inflated on its next use.
    /// </summary>
    Task<SessionArchiveResult?> ArchiveAsync(DateTimeOffset untouchedBefore);

    /// <summary>
    /// Appends a message and returns it as stored, with its sequence number. Idempotent for a given
    /// <see cref="NewMessage.Id"/>. StorageLimitExceeded for MaxMessageSizeBytes (content UTF-8 bytes +
    /// metadata JSON bytes) and MaxMessagesPerSession.
    /// </summary>
    Task<ChatMessage> AddMessageAsync(NewMessage message);

    /// <summary>Messages matching <paramref name="query"/>, oldest first (see <see cref="MessageQuery"/>).</summary>
    [ReadOnly]
    Task<IReadOnlyList<ChatMessage>> GetMessagesAsync(MessageQuery query);

    [ReadOnly]
    Task<long> CountMessagesAsync();

    /// <summary>
    /// Stores a document (replacing one of the same name). The filename must be a valid id with one
    /// allowed extension; size at most MaxDocumentSizeBytes. <paramref name="metadata"/> becomes the
    /// initial <c>analysis</c> map; the MIME type is guessed from the extension when null.
    /// </summary>
    Task<DocumentInfo> SaveDocumentAsync(string filename, byte[] content, string? mimeType, Dictionary<string, JsonElement>? metadata);

    /// <summary>The document's bytes; NotFoundError when there is no such document.</summary>
    [ReadOnly]
    Task<byte[]> GetDocumentAsync(string filename);

    /// <summary>The session's documents, ordered by filename.</summary>
    [ReadOnly]
    Task<IReadOnlyList<DocumentInfo>> ListDocumentsAsync();

    /// <summary>Merges <paramref name="analysis"/> into the document's analysis (JSON null removes a key).</summary>
    Task<DocumentInfo> UpdateDocumentAnalysisAsync(string filename, Dictionary<string, JsonElement> analysis);

    /// <summary>The current situational context, or null when none was set.</summary>
    [ReadOnly]
    Task<SituationalContext?> GetContextAsync();

    /// <summary>
    /// Replaces the current context. StorageLimitExceeded for ContextSummaryMaxLength and
    /// ContextKeyPointsMaxCount; ValidationError for a confidence outside 0..1.
    /// </summary>
    Task<SituationalContext> UpdateContextAsync(SituationalContext context);

    /// <summary>
    /// Saves <paramref name="context"/> (the current context when null) to the history as
    /// <c>context_YYYYMMDD_HHMMSS_ffffff.json</c>; keeps at most MaxContextHistorySnapshots, dropping the oldest.
    /// </summary>
    Task<ContextSnapshot> SaveContextSnapshotAsync(SituationalContext? context);

    /// <summary>Context history, newest first; all of it when <paramref name="limit"/> is null.</summary>
    [ReadOnly]
    Task<IReadOnlyList<ContextSnapshot>> GetContextHistoryAsync(int? limit);
}

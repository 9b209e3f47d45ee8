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
    /// <summary>
    /// Called by the user grain when it creates the session; repeating it with the same session is a no-op. With a storage
    /// that journals creates, the user grain has already made the create durable in its session journal, so the session's
    /// own record is written without waiting for the disk (docs/STORAGE.md §6): only the user grain may call it.
    /// </summary>
    Task<ChatSession> InitializeAsync(ChatSession session);

    [ReadOnly]
    Task<ChatSession> GetAsync();

    Task<ChatSession> UpdateAsync(SessionPatch patch);

    /// <summary>
    /// Deletes the session, tells the user grain, and deactivates: moved to the trash (restorable) when
    /// <c>Storage:BackupBeforeDelete</c> is true and the storage has a trash (<see cref="TrashAsync"/>), else erased
    /// with all its files (<see cref="PurgeAsync"/>).
    /// </summary>
    Task<SessionDeletionReport> DeleteAsync();

    /// <summary>Erases the session and all its files at once, whatever <c>Storage:BackupBeforeDelete</c> says; nothing goes to the trash.</summary>
    Task<SessionDeletionReport> PurgeAsync();

    /// <summary>
    /// Moves the session to the trash whatever <c>Storage:BackupBeforeDelete</c> says (one atomic step: after a crash
    /// it is either live or in the trash). ConfigurationError when the storage has no trash.
    /// </summary>
    Task<SessionDeletionReport> TrashAsync();

    /// <summary>
    /// From the user grain (<see cref="IUserGrain.RestoreSessionAsync"/>): brings the session's newest trash entry back.
    /// InconsistentStateException when the session is live; NotFoundError when the trash holds no such session.
    /// </summary>
    Task<ChatSession> RestoreFromTrashAsync();

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

    /// <summary>
    /// Appends up to MaxMessagesPerBatch messages, all or none, in one durable write, and returns them as
    /// stored, in the order given. Every message is checked before any is written (ValidationError,
    /// StorageLimitExceeded name the message's index). A message whose <see cref="NewMessage.Id"/> is already
    /// stored is returned as stored and not written again, so a retried batch returns what the first try stored.
    /// </summary>
    Task<IReadOnlyList<ChatMessage>> AddMessagesAsync(IReadOnlyList<NewMessage> messages);

    /// <summary>How many messages and tokens the session holds, in the configured encoding.</summary>
    [ReadOnly]
    Task<MessageTokenTotals> GetTokenTotalsAsync();

    /// <summary>Messages matching <paramref name="query"/>, oldest first (see <see cref="MessageQuery"/>).</summary>
    [ReadOnly]
    Task<IReadOnlyList<ChatMessage>> GetMessagesAsync(MessageQuery query);

    [ReadOnly]
    Task<long> CountMessagesAsync();

    /// <summary>
    /// Stores a document (replacing one of the same name). The filename must be a valid id with one
    /// allowed extension; size at most MaxDocumentSizeBytes. <paramref name="metadata"/> becomes the
    /// initial <c>analysis</c> map; the MIME type is guessed from the extension when null.
    /// <paramref name="content"/> is not copied between activations of one silo (a 10 MB copy was 40 % of an upload's
    /// CPU): the caller must not change the array until the call has completed, and the grain never changes it.
    /// </summary>
    Task<DocumentInfo> SaveDocumentAsync(string filename, [Immutable] byte[] content, string? mimeType, Dictionary<string, JsonElement>? metadata);

    /// <summary>The document's bytes; NotFoundError when there is no such document.</summary>
    [ReadOnly]
    Task<byte[]> GetDocumentAsync(string filename);

    /// <summary>The session's documents, ordered by filename.</summary>
    [ReadOnly]
    Task<IReadOnlyList<DocumentInfo>> ListDocumentsAsync();

    /// <summary>Merges <paramref name="analysis"/> into the document's analysis (JSON null removes a key).</summary>
    Task<DocumentInfo> UpdateDocumentAnalysisAsync(string filename, Dictionary<string, JsonElement> analysis);

    /// <summary>
    /// The thumbnail (PNG) of an image document (docs/MULTIMODAL.md). One that is missing (a document stored while the
    /// multimodal module was off, or copied by a fork) is made now. NotFoundError when the document is not an image or its
    /// analysis failed (naming why); ModuleDisabledError while the multimodal module is off.
    /// </summary>
    Task<byte[]> GetDocumentThumbnailAsync(string filename);

    /// <summary>The current situational context, or null when none was set.</summary>
    [ReadOnly]
    Task<SituationalContext?> GetContextAsync();

    /// <summary>
    /// Replaces the current context. StorageLimitExceeded for ContextSummaryMaxLength and
    /// ContextKeyPointsMaxCount; ValidationError for a confidence outside 0..1.
    /// </summary>
    Task<SituationalContext> UpdateContextAsync(SituationalContext context);

    /// <summary>
    /// Makes <paramref name="summary"/> (a rolling summary, <see cref="SituationalContext.SummarizedThroughSeq"/> set) the
    /// current context, saving the context it replaces to the history first. Applied only while the current context still
    /// covers <paramref name="basedOnThroughSeq"/> (null: a context without a rolling summary, or none), so a context set
    /// meanwhile is never overwritten; false when it was not applied.
    /// </summary>
    Task<bool> ApplyRollingSummaryAsync(SituationalContext summary, long? basedOnThroughSeq);

    /// <summary>
    /// Saves <paramref name="context"/> (the current context when null) to the history as
    /// <c>context_YYYYMMDD_HHMMSS_ffffff.json</c>; keeps at most MaxContextHistorySnapshots, dropping the oldest.
    /// </summary>
    Task<ContextSnapshot> SaveContextSnapshotAsync(SituationalContext? context);

    /// <summary>Context history, newest first; all of it when <paramref name="limit"/> is null.</summary>
    [ReadOnly]
    Task<IReadOnlyList<ContextSnapshot>> GetContextHistoryAsync(int? limit);
}

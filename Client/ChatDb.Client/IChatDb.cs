using System.Text.Json;
using ChatDb.Grains.Models;
using ChatDb.Grains.Search;
using ChatDb.Storage;

namespace ChatDb.Client;

/// <summary>
/// The chat data operations one caller needs, whichever door they go through: <see cref="ChatDbClient"/>
/// over a cluster client, or <see cref="ChatDbRestClient"/> over a silo's REST API. Both report failures as
/// the storage error types (<see cref="ValidationError"/>, <see cref="NotFoundError"/>,
/// <see cref="StorageLimitExceeded"/>, ...) and return null from "get" methods where nothing exists.
/// </summary>
public partial interface IChatDb
{
    Task<UserProfile> CreateUserAsync(string userId, UserProfileInput? profile = null, CancellationToken cancellationToken = default);

    Task<UserProfile?> GetUserProfileAsync(string userId, CancellationToken cancellationToken = default);

    Task<UserDeletionReport> DeleteUserAsync(string userId, CancellationToken cancellationToken = default);

    Task<ChatSession> CreateSessionAsync(
        string userId, string? title = null, Dictionary<string, JsonElement>? metadata = null, CancellationToken cancellationToken = default);

    Task<ChatSession?> GetSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ChatSession>> ListSessionsAsync(
        string userId, int? limit = null, int offset = 0, string? titleQuery = null, CancellationToken cancellationToken = default);

    Task<SessionDeletionReport> DeleteSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default);

    Task<ChatMessage> AddMessageAsync(string userId, string sessionId, NewMessage message, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ChatMessage>> GetMessagesAsync(string userId, string sessionId, MessageQuery query, CancellationToken cancellationToken = default);

    /// <summary>Appends up to MaxMessagesPerBatch messages, all or none, in one durable write; a retried batch returns what the first try stored.</summary>
    Task<IReadOnlyList<ChatMessage>> AddMessagesAsync(string userId, string sessionId, IReadOnlyList<NewMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>The session's message count and the sum of its messages' token counts.</summary>
    Task<MessageTokenTotals> GetMessageTokensAsync(string userId, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>The user's sessions whose metadata has each key of <paramref name="metadata"/> with its value, most recently updated first.</summary>
    Task<IReadOnlyList<ChatSession>> ListSessionsAsync(
        string userId, IReadOnlyDictionary<string, string> metadata, int? limit = null, int offset = 0, string? titleQuery = null, CancellationToken cancellationToken = default);

    Task<DocumentInfo> SaveDocumentAsync(
        string userId,
        string sessionId,
        string filename,
        byte[] content,
        Dictionary<string, JsonElement>? metadata = null,
        string? mimeType = null,
        CancellationToken cancellationToken = default);

    Task<byte[]?> GetDocumentAsync(string userId, string sessionId, string filename, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DocumentInfo>> ListDocumentsAsync(string userId, string sessionId, CancellationToken cancellationToken = default);

    Task<SituationalContext> UpdateContextAsync(string userId, string sessionId, SituationalContext context, CancellationToken cancellationToken = default);

    Task<SituationalContext?> GetContextAsync(string userId, string sessionId, CancellationToken cancellationToken = default);

    Task<ContextSnapshot> SaveContextSnapshotAsync(
        string userId, string sessionId, SituationalContext? context = null, CancellationToken cancellationToken = default);

    /// <summary>The contexts saved to the session's history, newest first; all of them when <paramref name="limit"/> is null.</summary>
    Task<IReadOnlyList<SituationalContext>> GetContextHistoryAsync(
        string userId, string sessionId, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Folds every message older than the recent window and not yet summarized into the session's context now (the rolling
    /// summary, docs/MEMORY.md); the context it replaces goes to the history.
    /// </summary>
    Task<RollingSummaryResult> SummarizeContextAsync(string userId, string sessionId, CancellationToken cancellationToken = default);

    Task<Panel> CreatePanelAsync(
        string panelType, IReadOnlyList<string> personas, Dictionary<string, JsonElement>? config = null, CancellationToken cancellationToken = default);

    Task<Panel?> GetPanelAsync(string panelId, CancellationToken cancellationToken = default);

    Task<ChatMessage> AddPanelMessageAsync(string panelId, NewMessage message, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ChatMessage>> GetPanelMessagesAsync(
        string panelId, int? limit = null, int offset = 0, CancellationToken cancellationToken = default);

    Task<Persona> SavePersonaAsync(
        string personaId, Dictionary<string, JsonElement> data, string? userId = null, CancellationToken cancellationToken = default);

    Task<Persona?> GetPersonaAsync(string personaId, string? userId = null, CancellationToken cancellationToken = default);

    /// <summary>The global personas; with <paramref name="userId"/> the user's own first, then the global ones; each with its <see cref="Persona.Scope"/>.</summary>
    Task<IReadOnlyList<Persona>> ListPersonasAsync(string? userId = null, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="ListPersonasAsync"/>, keeping personas whose id, name, description or text contains <paramref name="text"/> (case-insensitive).</summary>
    Task<IReadOnlyList<Persona>> FindPersonasAsync(string? userId, string? text, CancellationToken cancellationToken = default);

    /// <summary>
    /// Copies user <paramref name="userId"/>'s persona to user <paramref name="toUserId"/> as <paramref name="asPersonaId"/> (default: the same
    /// id), recording the original in <see cref="Persona.CopiedFrom"/>; ValidationError when that persona exists. Admin keys only over REST.
    /// </summary>
    Task<Persona> SharePersonaAsync(string userId, string personaId, string toUserId, string? asPersonaId = null, CancellationToken cancellationToken = default);

    /// <summary>Copies user <paramref name="userId"/>'s persona as a global persona (default: the same id); ValidationError when that exists. Admin keys only over REST.</summary>
    Task<Persona> PublishPersonaAsync(string userId, string personaId, string? asPersonaId = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SearchHit>> SearchMessagesAsync(string userId, SearchQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SearchHit>> SearchPanelAsync(string panelId, string query, int? limit = null, CancellationToken cancellationToken = default);

    // === Trash (docs/API.md, Trash) ===

    /// <summary>Erases the session at once, whatever <c>Storage:BackupBeforeDelete</c> says (<c>DELETE ...?purge=true</c>).</summary>
    Task<SessionDeletionReport> PurgeSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Moves the user's sessions and the rest of the user to the trash instead of erasing them (<c>DELETE /users/{u}?trash=true</c>).</summary>
    Task<UserDeletionReport> DeleteUserToTrashAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>The user's trash, newest first.</summary>
    Task<IReadOnlyList<TrashItem>> ListTrashAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Brings a session back from the trash; InconsistentStateException when a live session has that id, NotFoundError when not in the trash.</summary>
    Task<ChatSession> RestoreSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>The panels in the trash, newest first.</summary>
    Task<IReadOnlyList<TrashItem>> ListPanelTrashAsync(CancellationToken cancellationToken = default);

    /// <summary>Brings a panel back from the trash; InconsistentStateException when a live panel has that id, NotFoundError when not in the trash.</summary>
    Task<Panel> RestorePanelAsync(string panelId, CancellationToken cancellationToken = default);
}

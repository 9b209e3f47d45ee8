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

    Task<Panel> CreatePanelAsync(
        string panelType, IReadOnlyList<string> personas, Dictionary<string, JsonElement>? config = null, CancellationToken cancellationToken = default);

    Task<Panel?> GetPanelAsync(string panelId, CancellationToken cancellationToken = default);

    Task<ChatMessage> AddPanelMessageAsync(string panelId, NewMessage message, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ChatMessage>> GetPanelMessagesAsync(
        string panelId, int? limit = null, int offset = 0, CancellationToken cancellationToken = default);

    Task<Persona> SavePersonaAsync(
        string personaId, Dictionary<string, JsonElement> data, string? userId = null, CancellationToken cancellationToken = default);

    Task<Persona?> GetPersonaAsync(string personaId, string? userId = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Persona>> ListPersonasAsync(string? userId = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SearchHit>> SearchMessagesAsync(string userId, SearchQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SearchHit>> SearchPanelAsync(string panelId, string query, int? limit = null, CancellationToken cancellationToken = default);
}

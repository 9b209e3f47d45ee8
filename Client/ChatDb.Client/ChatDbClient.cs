using ChatDb.Storage;
using System.Text.Json;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using Orleans;
using ChatDb.Storage.Keys;

namespace ChatDb.Client;

/// <summary>
/// The StorageManager operations (README, docs/API.md), one method each, over the chat grains of a cluster
/// (<see cref="IClusterClient"/>: the network client, a test cluster's client, or a silo's own factory).
/// Errors arrive as the storage error types (<see cref="ValidationError"/>, <see cref="NotFoundError"/>,
/// <see cref="StorageLimitExceeded"/>, ...); "get" methods return null where the seed returns None.
/// Grain calls cannot be withdrawn once sent: a cancelled token stops the wait, not the operation.
/// </summary>
public sealed partial class ChatDbClient : IChatDb
{
    private readonly IClusterClient _client;

    public ChatDbClient(IClusterClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    // === Users ===

    /// <summary>Creates the user's profile, or replaces it when it exists (created_at is kept).</summary>
    public Task<UserProfile> CreateUserAsync(string userId, UserProfileInput? profile = null, CancellationToken cancellationToken = default) =>
        User(userId).PutProfileAsync(profile ?? new UserProfileInput()).WaitAsync(cancellationToken);

    public Task<UserProfile?> GetUserProfileAsync(string userId, CancellationToken cancellationToken = default) =>
        User(userId).GetProfileAsync().WaitAsync(cancellationToken);

    /// <summary>Merges <paramref name="updates"/> into the profile; <see cref="NotFoundError"/> when the user has none.</summary>
    public Task<UserProfile> UpdateUserProfileAsync(string userId, UserProfilePatch updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        return User(userId).UpdateProfileAsync(updates).WaitAsync(cancellationToken);
    }

    /// <summary>Erases the user: profile, sessions (messages, documents, context) and own personas.</summary>
    public Task<UserDeletionReport> DeleteUserAsync(string userId, CancellationToken cancellationToken = default) =>
        User(userId).DeleteAsync().WaitAsync(cancellationToken);

    // === Sessions ===

    public Task<ChatSession> CreateSessionAsync(
        string userId, string? title = null, Dictionary<string, JsonElement>? metadata = null, CancellationToken cancellationToken = default) =>
        User(userId).CreateSessionAsync(title, metadata).WaitAsync(cancellationToken);

    /// <summary>The session, or null when it does not exist.</summary>
    public Task<ChatSession?> GetSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        OrNullAsync(Session(userId, sessionId).GetAsync(), cancellationToken);

    public Task<ChatSession> UpdateSessionAsync(string userId, string sessionId, SessionPatch updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        return Session(userId, sessionId).UpdateAsync(updates).WaitAsync(cancellationToken);
    }

    /// <summary>The user's sessions, most recently updated first; <paramref name="titleQuery"/> filters by title (case-insensitive).</summary>
    public Task<IReadOnlyList<ChatSession>> ListSessionsAsync(
        string userId, int? limit = null, int offset = 0, string? titleQuery = null, CancellationToken cancellationToken = default) =>
        User(userId).ListSessionsAsync(limit, offset, titleQuery).WaitAsync(cancellationToken);

    /// <summary>Deletes the session and everything in it; <see cref="NotFoundError"/> when it does not exist.</summary>
    public Task<SessionDeletionReport> DeleteSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        Session(userId, sessionId).DeleteAsync().WaitAsync(cancellationToken);

    // === Messages ===

    /// <summary>Appends a message and returns it as stored (with its sequence number); idempotent for a given message id.</summary>
    public Task<ChatMessage> AddMessageAsync(string userId, string sessionId, NewMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Session(userId, sessionId).AddMessageAsync(message).WaitAsync(cancellationToken);
    }

    /// <summary>Messages oldest first, <paramref name="limit"/> (default: the configured page size) after skipping <paramref name="offset"/>.</summary>
    public Task<IReadOnlyList<ChatMessage>> GetMessagesAsync(
        string userId, string sessionId, int? limit = null, int offset = 0, CancellationToken cancellationToken = default) =>
        GetMessagesAsync(userId, sessionId, new MessageQuery { Limit = limit, Offset = offset }, cancellationToken);

    /// <summary>Messages matching <paramref name="query"/> (seq cursors, time range, newest-end paging), oldest first.</summary>
    public Task<IReadOnlyList<ChatMessage>> GetMessagesAsync(string userId, string sessionId, MessageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Session(userId, sessionId).GetMessagesAsync(query).WaitAsync(cancellationToken);
    }

    private IUserGrain User(string userId) => _client.GetGrain<IUserGrain>(ClientIds.Require(userId, "user id"));

    private ISessionGrain Session(string userId, string sessionId) =>
        _client.GetGrain<ISessionGrain>(ChatGrainKeys.Session(ClientIds.Require(userId, "user id"), ClientIds.Require(sessionId, "session id")));

    private static async Task<T?> OrNullAsync<T>(Task<T> call, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await call.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundError)
        {
            return null;
        }
    }
}

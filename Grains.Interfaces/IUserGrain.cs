using System.Text.Json;
using ChatDb.Grains.Models;
using Orleans;
using Orleans.Concurrency;

namespace ChatDb.Grains;

/// <summary>
/// A user (key: the user id): the profile and the index of the user's sessions. The user grain is the
/// only place session ids are generated, so they are unique per user and never reused.
/// </summary>
public partial interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the profile or replaces it; <c>created_at</c> survives a replace.</summary>
    Task<UserProfile> PutProfileAsync(UserProfileInput profile);

    /// <summary>The profile, or null when none was stored.</summary>
    [ReadOnly]
    Task<UserProfile?> GetProfileAsync();

    /// <summary>Applies <paramref name="patch"/>; NotFoundError when the user has no profile.</summary>
    Task<UserProfile> UpdateProfileAsync(UserProfilePatch patch);

    /// <summary>Erases everything of the user: sessions (messages, documents, context), own personas,
    /// the session index, the profile and the user's trash (the right to be forgotten), whatever
    /// <c>Storage:BackupBeforeDelete</c> says. Afterwards <see cref="GetProfileAsync"/> is null and no
    /// session is listed.</summary>
    Task<UserDeletionReport> DeleteAsync();

    /// <summary>
    /// Deletes the user into the trash instead: every session goes to the trash on its own (each restorable with
    /// <see cref="RestoreSessionAsync"/>), then what is left (profile, personas, indexes) as one user entry.
    /// ConfigurationError when the storage has no trash.
    /// </summary>
    Task<UserDeletionReport> DeleteToTrashAsync();

    /// <summary>The user's trash: deleted sessions and user entries, newest first; empty when the storage has no trash.</summary>
    Task<IReadOnlyList<TrashItem>> ListTrashAsync();

    /// <summary>
    /// Brings session <paramref name="sessionId"/> back from the trash and lists it again. InconsistentStateException
    /// (409) when a live session has that id; NotFoundError when the trash holds no such session; StorageLimitExceeded
    /// when the user already has MaxSessionsPerUser sessions.
    /// </summary>
    Task<ChatSession> RestoreSessionAsync(string sessionId);

    /// <summary>
    /// Creates a session with a new id <c>chat_session_YYYYMMDD_HHMMSS_ffffff</c> (UTC). The title
    /// defaults to "New chat". StorageLimitExceeded (MaxSessionsPerUser) when the user has too many.
    /// </summary>
    Task<ChatSession> CreateSessionAsync(string? title, Dictionary<string, JsonElement>? metadata);

    /// <summary>
    /// The user's sessions, most recently updated first; <paramref name="titleQuery"/> keeps those whose
    /// title contains it (case-insensitive); <paramref name="limit"/> defaults to
    /// <c>Storage:SessionListDefaultLimit</c>.
    /// </summary>
    [ReadOnly]
    Task<IReadOnlyList<ChatSession>> ListSessionsAsync(int? limit, int offset, string? titleQuery);

    /// <summary>
    /// As <see cref="ListSessionsAsync"/>, keeping only sessions whose metadata has each key of
    /// <paramref name="metadata"/> with its value (a string equal to it, or a number or boolean whose JSON text is).
    /// </summary>
    [ReadOnly]
    Task<IReadOnlyList<ChatSession>> ListSessionsWithMetadataAsync(int? limit, int offset, string? titleQuery, IReadOnlyDictionary<string, string> metadata);

    /// <summary>How many sessions the user has.</summary>
    [ReadOnly]
    Task<int> CountSessionsAsync();

    /// <summary>From the session grain: its title or metadata changed. Persisted before returning.</summary>
    [AlwaysInterleave]
    Task OnSessionChangedAsync(ChatSession session);

    /// <summary>From the session grain: it was active (a message). Kept in memory, persisted later (see docs/GRAINS.md).</summary>
    [AlwaysInterleave]
    Task OnSessionActivityAsync(string sessionId, DateTimeOffset updatedAt);

    /// <summary>From the session grain: it was deleted. Persisted before returning.</summary>
    [AlwaysInterleave]
    Task OnSessionDeletedAsync(string sessionId);

    /// <summary>
    /// From the session grain, before it removes its files (delete, trash): with a storage that journals session creates,
    /// the user's session journal records the removal durably, so recovery never brings the session back from its
    /// creation line. A no-op for a session whose creation line is no longer replayed. A failure must stop the removal.
    /// </summary>
    [AlwaysInterleave]
    Task OnSessionRemovingAsync(string sessionId);
}

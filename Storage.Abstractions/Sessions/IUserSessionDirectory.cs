namespace ChatDb.Storage.Sessions;

/// <summary>
/// A user's sessions as the storage itself holds them, independent of the user's session index (which is
/// derived data and may lag behind: a session exists once its own record is durable). The user grain
/// compares the two when it activates and adds what the index misses. A storage that keeps no per-session
/// records it can list (the memory providers) registers none, and the user grain then writes its index
/// before every create returns.
/// </summary>
public interface IUserSessionDirectory
{
    /// <summary>Ids of the user's stored sessions, ordinal order; empty when the user has none.</summary>
    Task<IReadOnlyList<string>> ListSessionIdsAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The stored session record (the <c>session</c> state, as JSON in <see cref="Json.StorageJson.Documents"/>
    /// conventions), or null when it does not exist (a create that never finished).
    /// </summary>
    Task<byte[]?> ReadSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default);
}

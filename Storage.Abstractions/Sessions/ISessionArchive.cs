namespace ChatDb.Storage.Sessions;

/// <summary>
/// Compresses the message log of a session nobody has touched for a while, in a running silo. The log reads
/// back the same afterwards (it is inflated on the next read or append that needs it). The caller must be the
/// log's single writer, inside its own turn (the session grain), so no append races the compression. Only a
/// storage with a compressed form registers one; retention then archives, and without one it only deletes.
/// </summary>
public interface ISessionArchive
{
    /// <summary>Archives the message log of session <paramref name="sessionId"/> of user <paramref name="userId"/>.</summary>
    /// <returns>Bytes of the plain log and of the archive; (0, 0) when there was no plain log (none, or already archived).</returns>
    Task<(long Plain, long Compressed)> ArchiveMessagesAsync(string userId, string sessionId, CancellationToken cancellationToken = default);
}

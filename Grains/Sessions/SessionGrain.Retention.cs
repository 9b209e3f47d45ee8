using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Grains.Sessions;

/// <summary>
/// Retention actions, applied inside this activation's turn so they never race a message add and the
/// activation keeps no stale state: the age is checked against the in-memory <c>updated_at</c> (newer than
/// <c>session.json</c> while messages arrive), a deletion goes through <see cref="PurgeAsync"/> (which tells
/// the user grain), and an archive leaves the tail cache valid (the bytes are the same; the log is inflated
/// on the next read or append that needs it).
/// </summary>
public sealed partial class SessionGrain
{
    public async Task<SessionDeletionReport?> DeleteIfUntouchedAsync(DateTimeOffset untouchedBefore)
    {
        await RecoverUpdatedAtAsync();
        if (_session.State is null || _updatedAt >= untouchedBefore)
        {
            return null;
        }

        return await PurgeAsync();
    }

    public async Task<SessionArchiveResult?> ArchiveAsync(DateTimeOffset untouchedBefore)
    {
        await RecoverUpdatedAtAsync();
        if (_session.State is null || _updatedAt >= untouchedBefore)
        {
            return null;
        }

        // Only a storage with a compressed form (the flatfile provider) registers an archive; the grain never touches the files.
        var archive = _services.GetService<ISessionArchive>()
            ?? throw new ConfigurationError($"{Subject}: archiving needs a storage provider with a session archive, such as the flatfile provider (rule: archive-needs-flatfile).");
        var (plain, compressed) = await archive.ArchiveMessagesAsync(_userId, _sessionId);

        // The session is cold: free the activation rather than keep its tail cache for nobody.
        DeactivateOnIdle();
        return plain == 0 ? null : new SessionArchiveResult(_userId, _sessionId, plain, compressed);
    }
}

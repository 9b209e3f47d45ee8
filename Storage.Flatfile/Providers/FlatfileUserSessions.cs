using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Sessions;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// A user's session directories as they are on disk, which is what the user's session index
/// (<c>users/{u}/.index/sessions.json</c>) is derived from: a session exists once its <c>session.json</c>
/// is durable, and the index may lag behind it (it is written after the acknowledgement, see
/// docs/STORAGE.md §6). The user grain compares the two when it activates. Directories that are symbolic
/// links or whose names are not session ids are ignored.
/// </summary>
public sealed class FlatfileUserSessions : IUserSessionDirectory
{
    private readonly FlatfileLayout _layout;

    public FlatfileUserSessions(FlatfileLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _layout = layout;
    }

    /// <summary>Ids of the user's session directories, ordinal order; empty when the user has no directory.</summary>
    public Task<IReadOnlyList<string>> ListSessionIdsAsync(string userId, CancellationToken cancellationToken = default)
    {
        var directory = _layout.UserDirectory(userId);
        try
        {
            return Task.FromResult(SessionDirectoryNames(directory, _layout.Ids));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"listing the session directories of user {userId} in '{directory}' failed: {e.Message}", e);
        }
    }

    /// <summary>
    /// Names of the session directories in <paramref name="userDirectory"/> (not symbolic links, names that
    /// are session ids), ordinal order; empty when the directory does not exist. The one listing both the
    /// user grain and the maintenance tools derive a user's session index from.
    /// </summary>
    public static IReadOnlyList<string> SessionDirectoryNames(string userDirectory, EntityIdFormat ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var directory = new DirectoryInfo(userDirectory);
        return directory.Exists
            ? directory.EnumerateDirectories()
                .Where(child => child.LinkTarget is null && ids.IsValid(GeneratedIdKind.Session, child.Name))
                .Select(child => child.Name)
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
    }

    /// <summary>The bytes of the session's <c>session.json</c>, or null when it does not exist (a create that never finished).</summary>
    public async Task<byte[]?> ReadSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        var path = _layout.SessionMetadataFile(userId, sessionId);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"reading '{path}' of session {sessionId} of user {userId} failed: {e.Message}", e);
        }
    }
}

using System.Collections.Concurrent;
using ChatDb.Storage.Flatfile.IO;

namespace ChatDb.Storage.Flatfile.Documents;

/// <summary>
/// Makes directory entries durable: after a rename or a create, the new name survives a power loss only
/// once the directory itself is fsynced (<see cref="IFlatfileFileSystem.SyncDirectory"/>). Failures become
/// <see cref="StorageError"/>s; nothing is retried or ignored.
/// </summary>
public static class DirectorySync
{
    // Parents whose fsync failed after a directory was created in them. The directory exists from then on,
    // so without this the next call would return early and the entry would never be made durable.
    private static readonly ConcurrentDictionary<string, bool> UnsyncedParents = new(StringComparer.Ordinal);

    /// <summary>fsyncs <paramref name="directory"/> on the real file system.</summary>
    public static void Fsync(string directory) => Fsync(FlatfileFileSystem.Instance, directory);

    /// <summary>fsyncs <paramref name="directory"/>; a failure is a <see cref="StorageError"/>, never ignored.</summary>
    public static void Fsync(IFlatfileFileSystem fileSystem, string directory)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        try
        {
            fileSystem.SyncDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"{e.Message.TrimEnd('.')}; the last change in directory '{directory}' may not be durable.", e);
        }
    }

    /// <inheritdoc cref="CreateDirectory(IFlatfileFileSystem, string, bool)"/>
    public static IReadOnlyList<string> CreateDirectory(string directory, bool durable) => CreateDirectory(FlatfileFileSystem.Instance, directory, durable);

    /// <summary>
    /// Creates <paramref name="directory"/> and any missing parents, and in <see cref="Options.Durability.Fsync"/>
    /// mode fsyncs the parent of every directory it created, so the new entries are durable too. Returns the
    /// directories it created, outermost first. When an fsync fails, it removes the (still empty) directories
    /// it created before throwing, so a failed write leaves no empty directory behind.
    /// </summary>
    public static IReadOnlyList<string> CreateDirectory(IFlatfileFileSystem fileSystem, string directory, bool durable)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (fileSystem.DirectoryExists(full))
        {
            if (durable && !UnsyncedParents.IsEmpty)
            {
                SyncPendingAbove(fileSystem, full);
            }

            return [];
        }

        var missing = new Stack<string>();
        for (var current = full; current is not null && !fileSystem.DirectoryExists(current); current = Path.GetDirectoryName(current))
        {
            missing.Push(current);
        }

        try
        {
            fileSystem.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"creating directory '{full}' failed: {e.Message}", e);
        }

        var created = missing.ToList();
        if (!durable)
        {
            return created;
        }

        var parents = created.Select(Path.GetDirectoryName).OfType<string>().ToList();
        foreach (var parent in parents)
        {
            UnsyncedParents[parent] = true;
        }

        try
        {
            foreach (var parent in parents)
            {
                Fsync(fileSystem, parent);
                UnsyncedParents.TryRemove(parent, out _);
            }
        }
        catch (StorageError)
        {
            TryRemoveEmpty(fileSystem, created);
            throw;
        }

        return created;
    }

    /// <summary>
    /// Creates <paramref name="directory"/> and any missing parents like <see cref="CreateDirectory(IFlatfileFileSystem, string, bool)"/>,
    /// but leaves the parents' fsyncs to <see cref="SyncCreated"/>, so a caller can make them after its
    /// document's own fsync and let the file system commit both together. Until then the parents are
    /// remembered as unsynced: if the caller fails before syncing them, the next durable create or write
    /// below them syncs them first (the directories exist by then, so nothing else would).
    /// </summary>
    public static IReadOnlyList<string> CreateDirectoryDeferringSync(IFlatfileFileSystem fileSystem, string directory)
    {
        var created = CreateDirectory(fileSystem, directory, durable: false);
        foreach (var parent in created.Select(Path.GetDirectoryName).OfType<string>())
        {
            UnsyncedParents[parent] = true;
        }

        return created;
    }

    /// <summary>fsyncs the parents of the directories <see cref="CreateDirectoryDeferringSync"/> created, outermost first.</summary>
    public static void SyncCreated(IFlatfileFileSystem fileSystem, IReadOnlyList<string> created)
    {
        ArgumentNullException.ThrowIfNull(created);
        foreach (var parent in created.Select(Path.GetDirectoryName).OfType<string>())
        {
            Fsync(fileSystem, parent);
            UnsyncedParents.TryRemove(parent, out _);
        }
    }

    /// <summary>
    /// Removes <paramref name="created"/> (outermost first, as <see cref="CreateDirectory(IFlatfileFileSystem, string, bool)"/>
    /// returns them), innermost first, each only while empty: another writer may have put something in one meanwhile.
    /// Best effort: what stays is an empty directory, which loses nothing.
    /// </summary>
    public static void TryRemoveEmpty(IFlatfileFileSystem fileSystem, IReadOnlyList<string> created)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(created);
        for (var i = created.Count - 1; i >= 0; i--)
        {
            try
            {
                fileSystem.DeleteDirectory(created[i], recursive: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    private static void SyncPendingAbove(IFlatfileFileSystem fileSystem, string directory)
    {
        foreach (var parent in UnsyncedParents.Keys.Where(p => directory == p || directory.StartsWith(p + Path.DirectorySeparatorChar, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            Fsync(fileSystem, parent);
            UnsyncedParents.TryRemove(parent, out _);
        }
    }
}

using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.IO;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>Removes a grain's directory tree, counting what it removes, without following symbolic links.</summary>
internal static class GrainDirectory
{
    /// <summary>
    /// Deletes <paramref name="directory"/> and everything below it; returns the number of files removed
    /// (0 when it did not exist). In durable mode the parent is fsynced so the removal survives a power loss.
    /// Interrupted half-way, the rest is removed by the next call.
    /// </summary>
    public static long Delete(IFlatfileFileSystem fileSystem, string directory, bool durable)
    {
        var root = new DirectoryInfo(directory);
        if (!root.Exists)
        {
            return 0;
        }

        try
        {
            var files = CountFiles(root);
            fileSystem.DeleteDirectory(root.FullName, recursive: true);
            if (durable && root.Parent is { } parent)
            {
                DirectorySync.Fsync(fileSystem, parent.FullName);
            }

            return files;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"deleting directory '{directory}' failed: {e.Message}; what remains is removed by deleting again.", e);
        }
    }

    private static long CountFiles(DirectoryInfo directory)
    {
        long count = 0;
        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            // A link is removed as a link; what it points to is not ours to count or delete.
            count += entry is DirectoryInfo child && child.LinkTarget is null ? CountFiles(child) : 1;
        }

        return count;
    }
}

using System.Runtime.InteropServices;
using ChatDb.Runtime.Storage;
using ChatDb.Storage.Flatfile.Native;

namespace ChatDb.Storage.Flatfile.Documents;

/// <summary>
/// Makes directory entries durable: after a rename or a create, the new name survives a power loss only
/// once the directory itself is fsynced. .NET has no API for that, so this opens the directory with
/// <c>open(O_RDONLY|O_DIRECTORY)</c> and calls <c>fsync</c>. On systems other than Linux it does nothing
/// (Windows persists renames with the file metadata; macOS would need F_FULLFSYNC, not supported here).
/// </summary>
public static class DirectorySync
{
    /// <summary>fsyncs <paramref name="directory"/>; a failure is a <see cref="StorageError"/>, never ignored.</summary>
    public static void Fsync(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int fd;
        do
        {
            fd = LibC.Open(directory, LibC.ORdOnly | LibC.ODirectory | LibC.OCloExec);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == LibC.EIntr);

        if (fd < 0)
        {
            throw Failure("open", directory, Marshal.GetLastPInvokeError());
        }

        try
        {
            // fsync is not retried: after a failed fsync the kernel may have dropped the dirty pages,
            // so a second success would prove nothing.
            if (LibC.Fsync(fd) != 0)
            {
                throw Failure("fsync", directory, Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }

    /// <summary>
    /// Creates <paramref name="directory"/> and any missing parents, and in <see cref="Options.Durability.Fsync"/>
    /// mode fsyncs the parent of every directory it created, so the new entries are durable too.
    /// </summary>
    public static void CreateDirectory(string directory, bool durable)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (Directory.Exists(full))
        {
            return;
        }

        var missing = new Stack<string>();
        for (var current = full; current is not null && !Directory.Exists(current); current = Path.GetDirectoryName(current))
        {
            missing.Push(current);
        }

        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"creating directory '{full}' failed: {e.Message}", e);
        }

        if (!durable)
        {
            return;
        }

        foreach (var created in missing)
        {
            var parent = Path.GetDirectoryName(created);
            if (parent is not null)
            {
                Fsync(parent);
            }
        }
    }

    private static StorageError Failure(string call, string directory, int errno) =>
        new($"{call} of directory '{directory}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}); the last change in it may not be durable.");
}

using System.Collections.Concurrent;
using ChatDb.Storage.Flatfile.IO;

namespace ChatDb.Storage.Flatfile.Documents;

/// <summary>
/// New directories written without waiting for the disk, because a durable record elsewhere (a user's session journal,
/// docs/STORAGE.md §6) lets recovery rebuild them: a new session's directory, its <c>session.json</c> and the files its
/// first deferred writes create. Every durable write below such a directory first calls <see cref="EnsureDurableAsync"/>,
/// which fsyncs those files, the directory and its parent once, so nothing acknowledged as durable ever sits in a
/// directory whose own entry could still vanish. Process-wide, like <see cref="DirectorySync"/>'s unsynced parents: the
/// paths are absolute, and each directory has one writer (its grain's activation).
/// </summary>
public static class DeferredDirectorySync
{
    private static readonly ConcurrentDictionary<string, Pending> Directories = new(StringComparer.Ordinal);

    // How many levels below a deferred directory a durable write can be (documents/analysis/thumbnails/{file}).
    private const int MaxDepth = 4;

    /// <summary>True while some directory waits for its fsyncs; the durable write paths skip all lookups otherwise.</summary>
    public static bool AnyPending => !Directories.IsEmpty;

    /// <summary>True while <paramref name="directory"/> waits for its fsyncs.</summary>
    public static bool IsPending(string directory) => !Directories.IsEmpty && Directories.ContainsKey(Key(directory));

    /// <summary>
    /// Records that <paramref name="directory"/> (created without syncing its parent) and <paramref name="file"/> in it
    /// (written without fsync) are not durable yet.
    /// </summary>
    public static void Defer(string directory, string file)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(file);
        Directories.AddOrUpdate(Key(directory), _ => new Pending([file]), (_, pending) => pending.With(file));
    }

    /// <summary>
    /// When <paramref name="directory"/> is deferred, adds <paramref name="file"/> (a file just created in it) to what
    /// its sync covers and returns true: the caller may leave the directory's fsync to that sync. False otherwise.
    /// </summary>
    public static bool TryDeferFile(string directory, string file)
    {
        if (Directories.IsEmpty)
        {
            return false;
        }

        var key = Key(directory);
        while (Directories.TryGetValue(key, out var pending))
        {
            if (Directories.TryUpdate(key, pending.With(file), pending))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Makes the deferred directory that holds <paramref name="path"/> (or is it) durable before the caller's durable
    /// write: fsyncs the files written into it without fsync, the directory and its parent. Returns at once when
    /// nothing above the path is deferred. A failed fsync is a <see cref="StorageError"/> and leaves the directory
    /// deferred, so the next durable write tries again with nothing acknowledged in between.
    /// </summary>
    public static Task EnsureDurableAsync(IFlatfileFileSystem fileSystem, string path)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        if (Directories.IsEmpty)
        {
            return Task.CompletedTask;
        }

        var current = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        for (var depth = 0; depth <= MaxDepth && current is not null; depth++)
        {
            if (Directories.ContainsKey(current))
            {
                return SyncAsync(fileSystem, current);
            }

            current = Path.GetDirectoryName(current);
        }

        return Task.CompletedTask;
    }

    /// <summary>Forgets a deferred directory that is gone (its session removed, a test's tree deleted).</summary>
    public static void Forget(string directory) => Directories.TryRemove(Key(directory), out _);

    private static async Task SyncAsync(IFlatfileFileSystem fileSystem, string directory)
    {
        while (Directories.TryGetValue(directory, out var pending))
        {
            await pending.SyncOnceAsync(fileSystem, directory).ConfigureAwait(false);

            // A file deferred into it while the fsyncs ran replaced the entry: sync that one too.
            if (Directories.TryRemove(new KeyValuePair<string, Pending>(directory, pending)))
            {
                return;
            }
        }
    }

    private static string Key(string directory) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));

    /// <summary>What one deferred directory waits for; immutable, replaced whole when a file is added.</summary>
    private sealed class Pending(IReadOnlyList<string> files)
    {
        private readonly Lock _lock = new();
        private Task? _sync;

        public Pending With(string file) => new([.. files, file]);

        /// <summary>One sync per entry, shared by every writer that waits for it; a failed one is retried by the next caller.</summary>
        public Task SyncOnceAsync(IFlatfileFileSystem fileSystem, string directory)
        {
            lock (_lock)
            {
                if (_sync is null || _sync.IsFaulted)
                {
                    _sync = Task.Run(() => Sync(fileSystem, directory, files));
                }

                return _sync;
            }
        }

        private static void Sync(IFlatfileFileSystem fileSystem, string directory, IReadOnlyList<string> files)
        {
            foreach (var file in files.Distinct(StringComparer.Ordinal))
            {
                FlushFile(fileSystem, file);
            }

            DirectorySync.Fsync(fileSystem, directory);
            DirectorySync.Fsync(fileSystem, Path.GetDirectoryName(directory)!);
        }

        private static void FlushFile(IFlatfileFileSystem fileSystem, string file)
        {
            try
            {
                if (!fileSystem.FileExists(file))
                {
                    // Replaced or removed since: what replaced it was written by its own (durable or deferred) path.
                    return;
                }

                using var handle = fileSystem.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                fileSystem.FlushToDisk(handle);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // Gone between the check and the open: nothing of it to make durable.
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new StorageError($"fsync of '{file}' failed: {e.Message}; it was written without fsync and may not survive a power loss.", e);
            }
        }
    }
}

using System.Text.Json;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Locking;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>The points of a restore's final swap, in order; <see cref="RestoreEngine.AfterSwapStep"/> runs after each.</summary>
public enum RestoreSwapStep
{
    /// <summary>The verified staging tree is renamed <c>.restoring-{hex}</c>: from here on the restore is rolled forward.</summary>
    Committed,

    /// <summary>One top-level entry of the old data moved into <c>.replaced-{hex}</c>.</summary>
    MovedAside,

    /// <summary>One top-level entry of the restored data moved into place.</summary>
    MovedIn,

    /// <summary>The old data (<c>.replaced-{hex}</c>) deleted.</summary>
    OldDataDeleted,

    /// <summary><c>.restoring-{hex}</c> deleted: the restore is complete.</summary>
    Done,
}

/// <summary>
/// The crash-safe final swap of a restore, rolled forward. The staging tree, verified, gets a manifest of its
/// top-level names and is renamed <c>.restoring-{hex}</c> — one rename, the commit point. Then every old
/// top-level entry moves into <c>.replaced-{hex}</c>, every staged one moves into place, the old data is deleted
/// and <c>.restoring-{hex}</c> last. A crash at any point leaves either a staging directory (before the commit:
/// deleted, the data is untouched) or a <c>.restoring-{hex}</c> whose manifest says what to finish;
/// <see cref="RecoverPending"/> (run by the silo's open, by restore, and by <c>verify --repair</c>) finishes it.
/// Every step can be repeated: an entry named in the manifest that is no longer staged has already moved in.
/// </summary>
public static class RestoreSwap
{
    /// <summary>The manifest inside <c>.restoring-{hex}</c>: the staged top-level names.</summary>
    public const string ManifestName = ".restore-manifest.json";

    /// <summary>Commits the verified <paramref name="staging"/> tree and swaps it in.</summary>
    public static void Commit(string staging, string baseDirectory, bool durable, Action<RestoreSwapStep>? afterStep = null)
    {
        // Hidden top-level entries of a backup are scratch of the tools (a restore's leftovers), never data.
        var names = Directory.EnumerateFileSystemEntries(staging).Select(e => Path.GetFileName(e))
            .Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        var manifest = Path.Join(staging, ManifestName);
        using (var stream = new FileStream(manifest, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, names);
            stream.Flush(durable);
        }

        if (durable)
        {
            DirectorySync.Fsync(staging);
        }

        var hex = Path.GetFileName(staging)[StagingNames.RestorePrefix.Length..];
        var restoring = Path.Join(baseDirectory, StagingNames.RestoringPrefix + hex);
        Directory.Move(staging, restoring);
        Sync(baseDirectory, durable);
        afterStep?.Invoke(RestoreSwapStep.Committed);
        RollForward(restoring, baseDirectory, durable, afterStep);
    }

    /// <summary>Finishes every interrupted restore in <paramref name="baseDirectory"/> (the caller holds the lock).</summary>
    /// <returns>How many it finished.</returns>
    public static int RecoverPending(string baseDirectory, bool durable)
    {
        var pending = Directory.EnumerateDirectories(baseDirectory, StagingNames.RestoringPrefix + "*").Order(StringComparer.Ordinal).ToList();
        foreach (var restoring in pending)
        {
            RollForward(restoring, baseDirectory, durable, afterStep: null);
        }

        return pending.Count;
    }

    /// <summary>The <c>.replaced-{hex}</c> directory that belongs to <paramref name="restoring"/>.</summary>
    public static string ReplacedFor(string restoring) =>
        Path.Join(Path.GetDirectoryName(restoring), StagingNames.ReplacedPrefix + Path.GetFileName(restoring)[StagingNames.RestoringPrefix.Length..]);

    private static void RollForward(string restoring, string baseDirectory, bool durable, Action<RestoreSwapStep>? afterStep)
    {
        var names = ReadManifest(restoring);
        var replaced = ReplacedFor(restoring);
        Directory.CreateDirectory(replaced);
        foreach (var entry in Directory.EnumerateFileSystemEntries(baseDirectory).Order(StringComparer.Ordinal).ToList())
        {
            var name = Path.GetFileName(entry);
            var alreadyMovedIn = names.Contains(name) && !Path.Exists(Path.Join(restoring, name));
            if (DataDirectoryLock.IsLockFile(name) || name.StartsWith('.') || alreadyMovedIn)
            {
                continue;
            }

            Move(entry, Path.Join(replaced, name));
            afterStep?.Invoke(RestoreSwapStep.MovedAside);
        }

        foreach (var name in names)
        {
            var staged = Path.Join(restoring, name);
            if (Path.Exists(staged))
            {
                Move(staged, Path.Join(baseDirectory, name));
                afterStep?.Invoke(RestoreSwapStep.MovedIn);
            }
        }

        Sync(baseDirectory, durable);
        Directory.Delete(replaced, recursive: true);
        afterStep?.Invoke(RestoreSwapStep.OldDataDeleted);
        Directory.Delete(restoring, recursive: true);
        Sync(baseDirectory, durable);
        afterStep?.Invoke(RestoreSwapStep.Done);
    }

    private static HashSet<string> ReadManifest(string restoring)
    {
        var path = Path.Join(restoring, ManifestName);
        try
        {
            var names = JsonSerializer.Deserialize<List<string>>(File.ReadAllBytes(path)) ?? [];
            if (names.Any(n => n.Length == 0 || n.StartsWith('.') || n.Contains('/', StringComparison.Ordinal) || n.Contains('\\', StringComparison.Ordinal)))
            {
                throw new JsonException("a name is empty, hidden or has a separator");
            }

            return names.ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            throw new IntegrityError(
                $"interrupted restore '{restoring}' has no readable manifest '{ManifestName}' ({e.Message}); it cannot be finished automatically: " +
                $"the restored entries are in '{restoring}', the previous ones in '{ReplacedFor(restoring)}'.", e);
        }
    }

    private static void Move(string from, string to)
    {
        if (Directory.Exists(from))
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to);
        }
    }

    private static void Sync(string directory, bool durable)
    {
        if (durable)
        {
            DirectorySync.Fsync(directory);
        }
    }
}

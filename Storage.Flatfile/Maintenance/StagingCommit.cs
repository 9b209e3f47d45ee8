using ChatDb.Storage.Flatfile.Documents;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Moves a complete staging tree into the data directory. Into an empty directory each top-level entry is
/// one rename. A merge first compares every staged file with the target: a file that exists with other bytes
/// is a conflict and nothing is moved; identical files are skipped; the rest are renamed into place.
/// </summary>
internal static class StagingCommit
{
    private const int MaxConflictsShown = 20;

    /// <returns>Files skipped because the target already held the same bytes.</returns>
    public static int Commit(string staging, string baseDirectory, bool merge, bool durable)
    {
        if (durable)
        {
            SyncTree(staging);
        }

        if (!merge)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(staging).Order(StringComparer.Ordinal).ToList())
            {
                var target = Path.Join(baseDirectory, Path.GetFileName(entry));
                if (Directory.Exists(entry))
                {
                    Directory.Move(entry, target);
                }
                else
                {
                    File.Move(entry, target);
                }
            }

            if (durable)
            {
                DirectorySync.Fsync(baseDirectory);
            }

            return 0;
        }

        var moves = new List<(string From, string To)>();
        var conflicts = new List<string>();
        var identical = 0;
        foreach (var file in Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var target = Path.Join(baseDirectory, Path.GetRelativePath(staging, file));
            if (!File.Exists(target) && !Directory.Exists(target))
            {
                moves.Add((file, target));
            }
            else if (SameBytes(file, target))
            {
                identical++;
            }
            else
            {
                conflicts.Add(Path.GetRelativePath(staging, file));
            }
        }

        if (conflicts.Count > 0)
        {
            throw new ValidationError(
                $"merge refused: {conflicts.Count} file(s) already exist in '{baseDirectory}' with other content, e.g. " +
                string.Join(", ", conflicts.Take(MaxConflictsShown).Select(c => $"'{c}'")) + "; nothing was changed.");
        }

        foreach (var (from, to) in moves)
        {
            var directory = Path.GetDirectoryName(to)!;
            DirectorySync.CreateDirectory(directory, durable);
            File.Move(from, to, overwrite: false);
            if (durable)
            {
                DirectorySync.Fsync(directory);
            }
        }

        return identical;
    }

    private static bool SameBytes(string a, string b)
    {
        if (!File.Exists(b))
        {
            return false;
        }

        using var left = File.OpenRead(a);
        using var right = File.OpenRead(b);
        if (left.Length != right.Length)
        {
            return false;
        }

        Span<byte> x = stackalloc byte[8192];
        Span<byte> y = stackalloc byte[8192];
        int read;
        while ((read = left.Read(x)) > 0)
        {
            right.ReadExactly(y[..read]);
            if (!x[..read].SequenceEqual(y[..read]))
            {
                return false;
            }
        }

        return true;
    }

    private static void SyncTree(string directory)
    {
        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            SyncTree(child);
        }

        DirectorySync.Fsync(directory);
    }
}

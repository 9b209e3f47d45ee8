using System.Security.Cryptography;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Names of the scratch directories the tools create inside a data directory. They start with a dot, so no
/// id can collide with them; <c>chatdb verify</c> reports leftovers and <c>--repair</c> removes the staging
/// ones (never <see cref="RestoringPrefix"/> or <see cref="ReplacedPrefix"/>: an interrupted restore is finished by <see cref="RestoreSwap"/>).
/// </summary>
public static class StagingNames
{
    /// <summary>An import or migration being built; removed on failure or Ctrl-C.</summary>
    public const string ImportPrefix = ".staging-import-";

    /// <summary>A restore being extracted and verified.</summary>
    public const string RestorePrefix = ".staging-restore-";

    /// <summary>A session directory being deleted by prune (renamed first so a crash leaves no half session).</summary>
    public const string DeletingPrefix = ".deleting-";

    /// <summary>Hard links of a live backup's snapshot (only links: deleting them loses nothing).</summary>
    public const string SnapshotPrefix = ".snapshot-";

    /// <summary>A verified restore being swapped in (<see cref="RestoreSwap"/>): finished, never deleted, after a crash.</summary>
    public const string RestoringPrefix = ".restoring-";

    /// <summary>The previous contents during the final swap of a restore.</summary>
    public const string ReplacedPrefix = ".replaced-";

    public static string New(string prefix) => prefix + RandomNumberGenerator.GetHexString(12, lowercase: true);

    /// <summary>True for scratch directories that are safe to delete (everything they hold also exists elsewhere or was never committed).</summary>
    public static bool IsDisposable(string name) =>
        name.StartsWith(ImportPrefix, StringComparison.Ordinal) ||
        name.StartsWith(RestorePrefix, StringComparison.Ordinal) ||
        name.StartsWith(DeletingPrefix, StringComparison.Ordinal) ||
        name.StartsWith(SnapshotPrefix, StringComparison.Ordinal);
}

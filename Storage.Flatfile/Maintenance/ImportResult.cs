namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>What an import wrote.</summary>
/// <param name="Counts">Records per kind (a file counts once, however many chunks).</param>
/// <param name="Records">All records.</param>
/// <param name="IdenticalFilesSkipped">With merge: files that already existed with the same bytes.</param>
public sealed record ImportResult(IReadOnlyDictionary<string, long> Counts, long Records, int IdenticalFilesSkipped);

/// <summary>How an import treats the target.</summary>
public sealed record ImportOptions
{
    /// <summary>Allow a non-empty target: new files are added, identical ones skipped, and any file that
    /// exists with other content is a conflict that stops the import before anything is changed.</summary>
    public bool Merge { get; init; }

    /// <summary>Runs on the complete staging tree before it replaces anything (migration validation);
    /// throwing stops the import with nothing changed.</summary>
    public Func<string, CancellationToken, Task>? BeforeCommit { get; init; }
}

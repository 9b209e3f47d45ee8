namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>What kind of problem verify found.</summary>
public enum ProblemKind
{
    /// <summary>The last line of a log is incomplete or invalid. Repair: cut it into <c>{log}.corrupt</c>.</summary>
    TornTail,

    /// <summary>A line before the end of a log is not a valid record. Not repairable (restore the file).</summary>
    CorruptRecord,

    /// <summary>A log's sequence numbers skip or repeat. Not repairable.</summary>
    SequenceGap,

    /// <summary>A log's <c>.idx</c> is damaged, disagrees with the log, or has no log. Repair: rebuild or delete it.</summary>
    StaleLogIndex,

    /// <summary>A JSON file does not parse or does not match its model. Not repairable.</summary>
    InvalidDocument,

    /// <summary>A file's content names other ids than its path (a session.json of another session). Not repairable.</summary>
    IdentityMismatch,

    /// <summary>A required file is missing. <c>session.json</c> is rebuilt by repair; others are not.</summary>
    MissingFile,

    /// <summary><c>documents/metadata.json</c> lists a file that is missing or of another size. Not repairable.</summary>
    MissingDocument,

    /// <summary>A temp file of an interrupted write. Repair: delete it.</summary>
    StrayTempFile,

    /// <summary>A scratch directory of an interrupted command. Repair: delete it.</summary>
    StagingLeftover,

    /// <summary>A file or directory the layout has no place for. Not repairable (nothing is deleted that might be data).</summary>
    OutsideLayout,

    /// <summary>Derived data under <c>users/{u}/.index/</c> that does not parse or disagrees with the sessions on disk. Repair: delete it (the grains rebuild it).</summary>
    StaleDerivedIndex,

    /// <summary>An archived log beside its plain log. Repair: delete the archive when the plain log holds at least its records.</summary>
    ArchiveLeftover,

    /// <summary>Data kept aside (cut tails, a restore's replaced data): reported, never an error.</summary>
    KeptAside,

    /// <summary>A record of a session's edits log names a message seq the session's message log does not have. Not repairable.</summary>
    EditTargetMissing,

    /// <summary>
    /// A message event of a session's or panel's event log names a message seq (or an edit record) its logs do not
    /// have: an error below 1, a warning beyond the end (a write that did not complete beside its event). Not
    /// repairable; such an event is never replayed.
    /// </summary>
    EventTargetMissing,

    /// <summary>
    /// A session a user's session journal records as created whose <c>session.json</c> is missing or torn (a crash before
    /// its directory was synced): a warning, rebuilt from the journal by the next open of the directory or by repair.
    /// </summary>
    JournaledSession,

    /// <summary>A restore stopped during its final swap (<c>.restoring-{hex}</c>). Repair: finish it (roll forward).</summary>
    InterruptedRestore,
}

/// <param name="Kind">What is wrong.</param>
/// <param name="Path">The file or directory.</param>
/// <param name="Message">What is wrong, naming the ids and the rule.</param>
/// <param name="Repairable">Whether <c>--repair</c> fixes it.</param>
/// <param name="IsError">False for warnings, which do not fail verify.</param>
public sealed record VerifyProblem(ProblemKind Kind, string Path, string Message, bool Repairable, bool IsError = true);

/// <summary>What verify counted and found.</summary>
public sealed record VerifyReport(IReadOnlyList<VerifyProblem> Problems, IReadOnlyDictionary<string, long> Counts)
{
    /// <summary>No errors (warnings allowed): the exit code is 0.</summary>
    public bool IsClean => !Problems.Any(p => p.IsError);
}

/// <summary>One change repair made.</summary>
public sealed record RepairAction(ProblemKind Kind, string Path, string Action);

/// <summary>What repair did, and what a verify afterwards still finds.</summary>
public sealed record RepairReport(IReadOnlyList<RepairAction> Actions, VerifyReport Before, VerifyReport After);

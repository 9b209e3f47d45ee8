namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>What a path in a data directory is, according to the layout.</summary>
public enum TreeItemType
{
    /// <summary>A file the export carries; <see cref="TreeItem.Kind"/> says which.</summary>
    Record,

    /// <summary>A session's or panel's <c>messages.jsonl</c>, or its archived <c>messages.jsonl.gz</c> when no plain file exists.</summary>
    MessageLog,

    /// <summary>A <c>messages.jsonl.gz</c> beside a plain <c>messages.jsonl</c>: left by an interrupted archive or inflate.</summary>
    ArchiveLeftover,

    /// <summary><c>{log}.idx</c>, the log's offset index (derived).</summary>
    LogIndex,

    /// <summary><c>{log}.corrupt</c>, torn tails the log engine cut and kept aside.</summary>
    LogQuarantine,

    /// <summary>
    /// A user's session journal, <c>users/{u}/sessions.jsonl</c>: the durable record of recent session creates, replayed
    /// and emptied when the data directory is opened; not exported (the sessions it names are).
    /// </summary>
    SessionJournal,

    /// <summary>A file under <c>users/{u}/.index/</c> (session index, search index; derived).</summary>
    DerivedIndex,

    /// <summary>A temp file of an interrupted atomic write.</summary>
    TempFile,

    /// <summary>A scratch directory of an interrupted import, restore or prune.</summary>
    StagingDirectory,

    /// <summary>Data a restore set aside during its final swap and did not get to delete.</summary>
    ReplacedDirectory,

    /// <summary>A restore interrupted during its final swap (<c>.restoring-{hex}</c>); <c>--repair</c> and the silo's open finish it.</summary>
    RestoringDirectory,

    /// <summary>The lock file.</summary>
    LockFile,

    /// <summary>A file of the audit log (<c>system/audit/</c>): an operations record, kept by backups, not exported or checked.</summary>
    AuditLog,

    /// <summary>A session or panel directory (emitted before its contents).</summary>
    Container,

    /// <summary>A file the layout requires is missing (<c>session.json</c>, <c>panel.json</c>, <c>profile.json</c>).</summary>
    Missing,

    /// <summary>A file or directory the layout has no place for.</summary>
    Outside,
}

/// <summary>One entry found by <see cref="TreeScanner"/>, with the ids its path names.</summary>
/// <param name="Type">What it is.</param>
/// <param name="Path">Full path.</param>
/// <param name="Kind">For <see cref="TreeItemType.Record"/> and <see cref="TreeItemType.MessageLog"/>: the record kind
/// (<see cref="RecordKind.Message"/> or <see cref="RecordKind.PanelMessage"/> for logs); for a
/// <see cref="TreeItemType.Container"/>: <see cref="RecordKind.Session"/> or <see cref="RecordKind.Panel"/>.</param>
/// <param name="Ids">The ids taken from the path.</param>
/// <param name="Note">Why an <see cref="TreeItemType.Outside"/> or <see cref="TreeItemType.Missing"/> entry is reported.</param>
public sealed record TreeItem(TreeItemType Type, string Path, RecordKind? Kind, RecordIds Ids, string? Note = null)
{
    /// <summary>True for a <see cref="TreeItemType.MessageLog"/> that is only present compressed.</summary>
    public bool IsArchived => Type == TreeItemType.MessageLog && Path.EndsWith(ArchivedSessions.ArchiveExtension, StringComparison.Ordinal);
}

/// <summary>The ids a record is filed under; which ones are set depends on the kind.</summary>
public sealed record RecordIds
{
    public static RecordIds None { get; } = new();

    public string? UserId { get; init; }

    public string? SessionId { get; init; }

    public string? PanelId { get; init; }

    public string? PersonaId { get; init; }

    /// <summary>Context snapshot or insight id.</summary>
    public string? ItemId { get; init; }

    /// <summary>Persona version.</summary>
    public int? Version { get; init; }

    /// <summary>Document filename, or for <see cref="RecordKind.File"/> the path relative to the data directory with '/'.</summary>
    public string? Name { get; init; }
}

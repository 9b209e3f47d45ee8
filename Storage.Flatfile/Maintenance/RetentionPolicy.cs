namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// What prune removes or compresses. A session's age is measured from its <c>updated_at</c> (the last change
/// of the session or its messages); an insight's from its <c>created_at</c>. Null disables a rule.
/// </summary>
public sealed record RetentionPolicy
{
    /// <summary>Sessions untouched for this many days get their message log compressed (<see cref="ArchivedSessions"/>).</summary>
    public int? ArchiveAfterDays { get; init; }

    /// <summary>Sessions untouched for this many days are deleted (directory and all).</summary>
    public int? DeleteAfterDays { get; init; }

    /// <summary>Panel insights older than this many days are deleted (<c>Storage:PanelInsightRetentionDays</c>).</summary>
    public int? InsightRetentionDays { get; init; }
}

/// <summary>What prune does (or, planned, would do) to one entity.</summary>
public enum PruneActionKind
{
    ArchiveSession,
    DeleteSession,
    DeleteInsight,
}

/// <param name="Kind">What happens.</param>
/// <param name="Path">The session directory or insight file.</param>
/// <param name="Subject">The ids ("user 'u' session 's'", "panel 'p' insight 'i'").</param>
/// <param name="Age">Time since the session was touched or the insight created.</param>
public sealed record PruneAction(PruneActionKind Kind, string Path, string Subject, TimeSpan Age)
{
    /// <summary>The ids of the session or insight, so a silo can route the action to the owning grain.</summary>
    public RecordIds Ids { get; init; } = RecordIds.None;
}

/// <summary>What prune did.</summary>
public sealed record PruneReport(IReadOnlyList<PruneAction> Actions, bool DryRun, long BytesBeforeArchive, long BytesAfterArchive)
{
    public int SessionsArchived => Actions.Count(a => a.Kind == PruneActionKind.ArchiveSession);

    public int SessionsDeleted => Actions.Count(a => a.Kind == PruneActionKind.DeleteSession);

    public int InsightsDeleted => Actions.Count(a => a.Kind == PruneActionKind.DeleteInsight);
}

namespace ChatDb.Storage.Retention;

/// <summary>
/// Where the silo's retention records what it erased, so the audit log answers "who deleted this session?" for the
/// timer as it does for REST and the offline commands (docs/OPERATIONS.md). The silo's audit log implements it; a
/// host without one registers nothing and retention records nothing. Recording happens after the erase: a failed
/// record is logged by the caller and does not undo or stop retention.
/// </summary>
public interface IRetentionAudit
{
    Task RecordAsync(RetentionAuditRecord record, CancellationToken cancellationToken = default);
}

/// <summary>One thing retention erased.</summary>
/// <param name="Erased">What went: a session (moved out of the live tree), a panel's old insights, or trash entries erased for good.</param>
/// <param name="Ids">The ids of what went (<c>userId</c>, <c>sessionId</c>, <c>panelId</c>).</param>
/// <param name="Details">Human-readable: how many and how old.</param>
public sealed record RetentionAuditRecord(RetentionErased Erased, IReadOnlyDictionary<string, string> Ids, string Details);

/// <summary>What a <see cref="RetentionAuditRecord"/> is about.</summary>
public enum RetentionErased
{
    /// <summary>A session older than <c>Retention:DeleteSessionsAfterDays</c>.</summary>
    Session,

    /// <summary>A panel's insights older than the insight retention.</summary>
    PanelInsights,

    /// <summary>Trash entries older than <c>Retention:EmptyTrashAfterDays</c>, erased for good.</summary>
    TrashEntry,
}

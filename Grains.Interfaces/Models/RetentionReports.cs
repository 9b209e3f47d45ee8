using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>What archiving one session's message log did.</summary>
/// <param name="UserId">The owner.</param>
/// <param name="SessionId">The archived session.</param>
/// <param name="PlainBytes">Size of the message log before.</param>
/// <param name="CompressedBytes">Size of the compressed log after.</param>
[Immutable]
public sealed record SessionArchiveResult(string UserId, string SessionId, long PlainBytes, long CompressedBytes);

/// <summary>What one retention run did (the silo's retention grain).</summary>
/// <param name="At">The run's time (silo clock).</param>
/// <param name="SessionsArchived">Sessions whose message log was compressed.</param>
/// <param name="SessionsDeleted">Sessions deleted.</param>
/// <param name="InsightsPruned">Panel insights deleted.</param>
/// <param name="Skipped">Planned actions not applied: the session was touched since the plan, was gone, or
/// the action failed (logged).</param>
[Immutable]
public sealed record RetentionReport(DateTimeOffset At, int SessionsArchived, int SessionsDeleted, int InsightsPruned, int Skipped)
{
    /// <summary>Trash entries (sessions, panels, users) erased because they were older than <c>Retention:EmptyTrashAfterDays</c>.</summary>
    public int TrashEntriesErased { get; init; }
}

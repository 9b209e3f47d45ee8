namespace ChatDb.Storage.Retention;

/// <summary>
/// Finds what retention should act on, from what the storage holds (a session's stored <c>updated_at</c>,
/// an insight's <c>created_at</c>). The result is a list of candidates, not orders: the grain that owns each
/// entity re-checks the age against what it knows before it archives or deletes anything.
/// </summary>
public interface IRetentionPlanner
{
    /// <summary>Candidates for <paramref name="rules"/> at the planner's current time; sessions first, then insights.</summary>
    Task<IReadOnlyList<RetentionCandidate>> PlanAsync(RetentionRules rules, CancellationToken cancellationToken = default);
}

using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Retention;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Retention plans for a running silo: <see cref="PruneEngine.Plan"/> over the live data directory (no lock
/// taken: the silo holds it already), at the silo's clock. The scan is blocking file I/O, so it runs on the
/// thread pool, never on the calling grain's scheduler.
/// </summary>
public sealed class FlatfileRetentionPlanner : IRetentionPlanner
{
    private readonly PruneEngine _engine;

    public FlatfileRetentionPlanner(FlatfileStorageOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _engine = new PruneEngine(options, timeProvider);
    }

    public Task<IReadOnlyList<RetentionCandidate>> PlanAsync(RetentionRules rules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var policy = new RetentionPolicy
        {
            ArchiveAfterDays = rules.ArchiveSessionsAfterDays,
            DeleteAfterDays = rules.DeleteSessionsAfterDays,
            InsightRetentionDays = rules.DeleteInsightsAfterDays,
        };
        return Task.Run<IReadOnlyList<RetentionCandidate>>(
            () => [.. _engine.Plan(policy, cancellationToken).Select(ToCandidate)], cancellationToken);
    }

    private static RetentionCandidate ToCandidate(PruneAction action) => new(
        action.Kind switch
        {
            PruneActionKind.ArchiveSession => RetentionAction.ArchiveSession,
            PruneActionKind.DeleteSession => RetentionAction.DeleteSession,
            PruneActionKind.DeleteInsight => RetentionAction.DeleteInsight,
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.Kind, "unknown prune action"),
        },
        action.Subject,
        action.Ids.UserId,
        action.Ids.SessionId,
        action.Ids.PanelId);
}

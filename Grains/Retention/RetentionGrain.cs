using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using Orleans;
using Orleans.Runtime;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Options;
using ChatDb.Storage.Retention;
using ChatDb.Storage.Trash;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatDb.Grains.Retention;

/// <summary>
/// The silo side of retention. Each tick asks the storage for a plan (<see cref="IRetentionPlanner"/>; the
/// flatfile provider scans the live data directory) and hands every action to the grain that owns the data, so no
/// activation keeps stale state and each grain stays the single writer of its files: sessions are deleted
/// by <see cref="ISessionGrain.DeleteIfUntouchedAsync"/> (which updates the user's index) and archived by
/// <see cref="ISessionGrain.ArchiveAsync"/>; insights are pruned by <see cref="IPanelGrain.PruneInsightsAsync"/>.
/// The owning grain re-checks the age against what it knows (a session may have had messages since
/// <c>session.json</c> was written), so the plan is a list of candidates, not orders. Each run then empties the
/// trash of entries older than <see cref="RetentionOptions.EmptyTrashAfterDays"/>. Needs a storage that plans
/// retention (the flatfile provider).
/// </summary>
[KeepAlive]
[GrainType(ChatGrainTypes.Retention)]
public sealed class RetentionGrain : Grain, IRetentionGrain
{
    private readonly RetentionOptions _options;
    private readonly ChatLimitsOptions _limits;
    private readonly TimeProvider _time;
    private readonly IServiceProvider _services;
    private readonly ILogger<RetentionGrain> _logger;
    private IGrainTimer? _timer;
    private RetentionReport? _last;

    public RetentionGrain(IOptions<RetentionOptions> options, IOptions<ChatLimitsOptions> limits, TimeProvider time, IServiceProvider services, ILogger<RetentionGrain> logger)
    {
        _options = options.Value;
        _limits = limits.Value;
        _time = time;
        _services = services;
        _logger = logger;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ChatGrainKeys.ParseRetention(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task StartAsync()
    {
        if (_timer is null)
        {
            // Checked now, so a silo without a planner fails at start rather than at the first tick.
            Planner();
            _timer = this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions { DueTime = _options.Interval, Period = _options.Interval, KeepAlive = true });
            RetentionLog.Started(_logger, _options.Interval, Days(_options.ArchiveSessionsAfterDays), Days(_options.DeleteSessionsAfterDays), _limits.PanelInsightRetentionDays);
        }

        return Task.CompletedTask;
    }

    public Task<RetentionReport> RunAsync() => RunOnceAsync(CancellationToken.None);

    public Task<RetentionReport?> GetLastReportAsync() => Task.FromResult(_last);

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunOnceAsync(cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            RetentionLog.RunFailed(_logger, error);
        }
    }

    private async Task<RetentionReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        var rules = new RetentionRules(_options.ArchiveSessionsAfterDays, _options.DeleteSessionsAfterDays, _limits.PanelInsightRetentionDays);

        // The planner scans off the grain's scheduler; the result comes back to this turn.
        var plan = await Planner().PlanAsync(rules, cancellationToken);
        var now = ChatClock.Now(_time);
        int archived = 0, deleted = 0, insights = 0, skipped = 0;
        foreach (var action in plan.Where(a => a.Action != RetentionAction.DeleteInsight))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var session = GrainFactory.GetGrain<ISessionGrain>(ChatGrainKeys.Session(action.UserId!, action.SessionId!));
            var kind = await TryAsync(action, () => ApplyToSessionAsync(session, action, rules, now, cancellationToken));
            archived += kind == RetentionAction.ArchiveSession ? 1 : 0;
            deleted += kind == RetentionAction.DeleteSession ? 1 : 0;
            var applied = kind is not null;
            skipped += applied ? 0 : 1;
        }

        // One call per panel: the panel grain re-reads and deletes its own old insights.
        var insightActions = plan.Where(a => a.Action == RetentionAction.DeleteInsight).ToList();
        foreach (var panel in insightActions.GroupBy(a => a.PanelId!, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pruned = 0;
            pruned = await TryAsync<int>(panel.First(), () =>
                GrainFactory.GetGrain<IPanelGrain>(panel.Key).PruneInsightsAsync(now.AddDays(-rules.DeleteInsightsAfterDays!.Value)));
            insights += pruned;
            if (pruned > 0)
            {
                await AuditAsync(new RetentionAuditRecord(RetentionErased.PanelInsights, new Dictionary<string, string> { ["panelId"] = panel.Key },
                    $"{pruned} insight(s) older than {rules.DeleteInsightsAfterDays} days"), cancellationToken);
            }
            skipped += Math.Max(0, panel.Count() - pruned);
        }

        var trashErased = await EmptyTrashAsync(now, cancellationToken);
        _last = new RetentionReport(now, archived, deleted, insights, skipped) { TrashEntriesErased = trashErased };
        RetentionLog.Summary(_logger, archived, deleted, insights, skipped);
        return _last;
    }

    /// <summary>
    /// The plan reads <c>session.json</c>, whose <c>updated_at</c> lags behind new messages until the session
    /// deactivates; so a session planned for deletion may turn out to be only old enough to archive (or not
    /// old enough for anything). Returns what was done, null for nothing.
    /// </summary>
    private async Task<RetentionAction?> ApplyToSessionAsync(
        ISessionGrain session, RetentionCandidate planned, RetentionRules rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (planned.Action == RetentionAction.DeleteSession &&
            await session.DeleteIfUntouchedAsync(now.AddDays(-rules.DeleteSessionsAfterDays!.Value)) is { } deleted)
        {
            await AuditAsync(new RetentionAuditRecord(RetentionErased.Session,
                new Dictionary<string, string> { ["userId"] = deleted.UserId, ["sessionId"] = deleted.SessionId },
                $"{deleted.Messages} message(s), untouched for more than {rules.DeleteSessionsAfterDays} days"), cancellationToken);
            return RetentionAction.DeleteSession;
        }

        return rules.ArchiveSessionsAfterDays is { } archiveDays && await session.ArchiveAsync(now.AddDays(-archiveDays)) is not null
            ? RetentionAction.ArchiveSession
            : null;
    }

    /// <summary>One failed action must not stop the run; it is logged and comes back in the next plan.</summary>
    private async Task<T?> TryAsync<T>(RetentionCandidate action, Func<Task<T?>> apply)
    {
        try
        {
            return await apply();
        }
        catch (Exception error) when (error is StorageError or IOException or UnauthorizedAccessException)
        {
            RetentionLog.ActionFailed(_logger, error, action.Action.ToString(), action.Subject);
            return default;
        }
    }

    /// <summary>
    /// Erases trash entries older than <see cref="RetentionOptions.EmptyTrashAfterDays"/>. The trash is outside the
    /// live tree and no grain owns it, so the storage erases it directly; a failure is logged and retried next run.
    /// </summary>
    private async Task<int> EmptyTrashAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_options.EmptyTrashAfterDays is not { } days || _services.GetService<ITrashStore>() is not { } trash)
        {
            return 0;
        }

        try
        {
            var erased = await trash.EmptyAsync(now.AddDays(-days), cancellationToken);
            RetentionLog.TrashEmptied(_logger, erased.Count, days);
            foreach (var entry in erased)
            {
                var ids = new Dictionary<string, string> { [entry.Kind == TrashEntryKind.User ? "userId" : entry.Kind.ToString().ToLowerInvariant() + "Id"] = entry.Id };
                if (entry.UserId is { } userId)
                {
                    ids["userId"] = userId;
                }

                await AuditAsync(new RetentionAuditRecord(RetentionErased.TrashEntry, ids,
                    $"{entry.Kind} in the trash since {entry.DeletedAt:O}, more than {days} days"), cancellationToken);
            }

            return erased.Count;
        }
        catch (Exception error) when (error is StorageError or IOException or UnauthorizedAccessException)
        {
            RetentionLog.ActionFailed(_logger, error, "EmptyTrash", "the trash");
            return 0;
        }
    }

    /// <summary>Records an erase in the audit log when the host keeps one; a failed record is logged and retention goes on.</summary>
    private async Task AuditAsync(RetentionAuditRecord record, CancellationToken cancellationToken)
    {
        if (_services.GetService<IRetentionAudit>() is not { } audit)
        {
            return;
        }

        try
        {
            await audit.RecordAsync(record, cancellationToken);
        }
        catch (Exception error) when (error is StorageError or IOException or UnauthorizedAccessException)
        {
            RetentionLog.AuditFailed(_logger, error, record.Erased.ToString(), string.Join(", ", record.Ids.Select(pair => $"{pair.Key}={pair.Value}")));
        }
    }

    private IRetentionPlanner Planner() =>
        _services.GetService<IRetentionPlanner>()
        ?? throw new ConfigurationError("retention needs a storage provider that plans it, such as the flatfile provider (AddFlatfileGrainStorageAsDefault); Retention:Enabled is true without it.");

    private static string Days(int? days) => days?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "never";
}

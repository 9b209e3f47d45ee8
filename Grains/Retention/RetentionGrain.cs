using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Runtime;
using ChatDb.Storage.Flatfile;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatDb.Grains.Retention;

/// <summary>
/// The silo side of retention. Each tick plans with <see cref="PruneEngine.Plan"/> (no lock: the silo holds
/// the data directory's lock already) and hands every action to the grain that owns the data, so no
/// activation keeps stale state and each grain stays the single writer of its files: sessions are deleted
/// by <see cref="ISessionGrain.DeleteIfUntouchedAsync"/> (which updates the user's index) and archived by
/// <see cref="ISessionGrain.ArchiveAsync"/>; insights are pruned by <see cref="IPanelGrain.PruneInsightsAsync"/>.
/// The owning grain re-checks the age against what it knows (a session may have had messages since
/// <c>session.json</c> was written), so the plan is a list of candidates, not orders. Flatfile only.
/// </summary>
[KeepAlive]
public sealed class RetentionGrain : Grain, IRetentionGrain
{
    private readonly RetentionOptions _options;
    private readonly TimeProvider _time;
    private readonly IServiceProvider _services;
    private readonly ILogger<RetentionGrain> _logger;
    private IGrainTimer? _timer;
    private RetentionReport? _last;

    public RetentionGrain(IOptions<RetentionOptions> options, TimeProvider time, IServiceProvider services, ILogger<RetentionGrain> logger)
    {
        _options = options.Value;
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
            _timer = RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions { DueTime = _options.Interval, Period = _options.Interval, KeepAlive = true });
            RetentionLog.Started(_logger, _options.Interval, Days(_options.ArchiveSessionsAfterDays), Days(_options.DeleteSessionsAfterDays), Storage().Options.PanelInsightRetentionDays);
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
        var storage = Storage().Options;
        var policy = new RetentionPolicy
        {
            ArchiveAfterDays = _options.ArchiveSessionsAfterDays,
            DeleteAfterDays = _options.DeleteSessionsAfterDays,
            InsightRetentionDays = storage.PanelInsightRetentionDays,
        };
        var engine = new PruneEngine(storage, _time);

        // The scan is blocking file I/O: keep it off the grain's scheduler; the result comes back to this turn.
        var plan = await Task.Run(() => engine.Plan(policy, cancellationToken), cancellationToken);
        var now = ChatClock.Now(_time);
        int archived = 0, deleted = 0, insights = 0, skipped = 0;
        foreach (var action in plan.Where(a => a.Kind != PruneActionKind.DeleteInsight))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var session = GrainFactory.GetGrain<ISessionGrain>(ChatGrainKeys.Session(action.Ids.UserId!, action.Ids.SessionId!));
            var kind = await TryAsync(action, () => ApplyToSessionAsync(session, action.Kind, policy, now));
            archived += kind == PruneActionKind.ArchiveSession ? 1 : 0;
            deleted += kind == PruneActionKind.DeleteSession ? 1 : 0;
            var applied = kind is not null;
            skipped += applied ? 0 : 1;
        }

        // One call per panel: the panel grain re-reads and deletes its own old insights.
        var insightActions = plan.Where(a => a.Kind == PruneActionKind.DeleteInsight).ToList();
        foreach (var panel in insightActions.GroupBy(a => a.Ids.PanelId!, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pruned = 0;
            pruned = await TryAsync<int>(panel.First(), () =>
                GrainFactory.GetGrain<IPanelGrain>(panel.Key).PruneInsightsAsync(now.AddDays(-policy.InsightRetentionDays!.Value)));
            insights += pruned;
            skipped += Math.Max(0, panel.Count() - pruned);
        }

        _last = new RetentionReport(now, archived, deleted, insights, skipped);
        RetentionLog.Summary(_logger, archived, deleted, insights, skipped);
        return _last;
    }

    /// <summary>
    /// The plan reads <c>session.json</c>, whose <c>updated_at</c> lags behind new messages until the session
    /// deactivates; so a session planned for deletion may turn out to be only old enough to archive (or not
    /// old enough for anything). Returns what was done, null for nothing.
    /// </summary>
    private static async Task<PruneActionKind?> ApplyToSessionAsync(ISessionGrain session, PruneActionKind planned, RetentionPolicy policy, DateTimeOffset now)
    {
        if (planned == PruneActionKind.DeleteSession &&
            await session.DeleteIfUntouchedAsync(now.AddDays(-policy.DeleteAfterDays!.Value)) is not null)
        {
            return PruneActionKind.DeleteSession;
        }

        return policy.ArchiveAfterDays is { } archiveDays && await session.ArchiveAsync(now.AddDays(-archiveDays)) is not null
            ? PruneActionKind.ArchiveSession
            : null;
    }

    /// <summary>One failed action must not stop the run; it is logged and comes back in the next plan.</summary>
    private async Task<T?> TryAsync<T>(PruneAction action, Func<Task<T?>> apply)
    {
        try
        {
            return await apply();
        }
        catch (Exception error) when (error is StorageError or IOException or UnauthorizedAccessException)
        {
            RetentionLog.ActionFailed(_logger, error, action.Kind.ToString(), action.Subject);
            return default;
        }
    }

    private FlatfileDataDirectory Storage() =>
        _services.GetService<FlatfileDataDirectory>()
        ?? throw new ConfigurationError("retention needs the flatfile storage provider (AddFlatfileGrainStorageAsDefault); Retention:Enabled is true without it.");

    private static string Days(int? days) => days?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "never";
}

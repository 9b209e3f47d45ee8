using System.Text.Json;
using ChatDb.Storage.Flatfile.Audit;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Retention: plans which sessions to archive or delete and which panel insights to delete, from the
/// injected clock, and applies the plan. Offline, <see cref="PruneAsync"/> holds the lock. On a silo, a
/// grain timer calls <see cref="Plan"/> and has each owning grain apply its own action (the grain is the
/// single writer of its files), or calls <see cref="ApplyAsync"/> for sessions with no activation.
/// Every removal is logged, and the report counts them.
/// </summary>
public sealed partial class PruneEngine
{
    private readonly FlatfileStorageOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public PruneEngine(FlatfileStorageOptions options, TimeProvider timeProvider, ILogger<PruneEngine>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _timeProvider = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Plans and (unless <paramref name="dryRun"/>) applies <paramref name="policy"/>, holding the lock.</summary>
    public async Task<PruneReport> PruneAsync(RetentionPolicy policy, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        FlatfileStorageOptionsValidator.EnsureValid(_options);
        if (!Directory.Exists(_options.StorageBasePath))
        {
            throw new ConfigurationError($"chatdb prune: data directory '{Path.GetFullPath(_options.StorageBasePath)}' does not exist.");
        }

        using var held = MaintenanceLock.Acquire(_options.StorageBasePath, "prune");
        var plan = Plan(policy, cancellationToken);
        if (dryRun)
        {
            return new PruneReport(plan, DryRun: true, 0, 0);
        }

        // A journal line of a session about to be deleted would bring it back at the next open: replay and empty them first.
        SessionJournalRecovery.RecoverAll(new FlatfileLayout(_options), new Documents.AtomicFile(_options));
        var report = await ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
        await RecordDeletesAsync(report.Actions, cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>One audit record per session or insight deleted (archiving keeps the data, so it is not audited).</summary>
    private Task RecordDeletesAsync(IReadOnlyList<PruneAction> done, CancellationToken cancellationToken)
    {
        var at = _timeProvider.GetUtcNow();
        var entries = done.Where(a => a.Kind is PruneActionKind.DeleteSession or PruneActionKind.DeleteInsight).Select(a => new AuditEntry
        {
            At = at,
            Actor = AuditFiles.OfflineActor,
            Action = AuditActions.Delete,
            Operation = "chatdb prune",
            Ids = AuditIds(a.Ids),
            Outcome = "ok",
            Details = $"{a.Subject}, {a.Age.TotalDays:F1} days old",
        }).ToList();
        return AuditFiles.AppendOfflineAsync(new FlatfileLayout(_options).AuditDirectory, entries, _options.Durability == Durability.Fsync, _timeProvider, cancellationToken);
    }

    /// <summary>
    /// The actions <paramref name="policy"/> calls for now; changes nothing. Takes no lock, so a silo (which
    /// already holds the directory lock) may call it on its live directory; each action carries the ids.
    /// </summary>
    public IReadOnlyList<PruneAction> Plan(RetentionPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var now = _timeProvider.GetUtcNow();
        var actions = new List<PruneAction>();
        foreach (var item in new TreeScanner(_options).Scan())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (item.Type == TreeItemType.Record && item.Kind == RecordKind.Session &&
                ReadTime(item.Path, "updated_at") is { } touched)
            {
                var age = now - touched;
                var directory = Path.GetDirectoryName(item.Path)!;
                var subject = $"user '{item.Ids.UserId}' session '{item.Ids.SessionId}'";
                if (policy.DeleteAfterDays is { } delete && age > TimeSpan.FromDays(delete))
                {
                    actions.Add(new PruneAction(PruneActionKind.DeleteSession, directory, subject, age) { Ids = item.Ids });
                }
                else if (policy.ArchiveAfterDays is { } archive && age > TimeSpan.FromDays(archive) &&
                         File.Exists(Path.Join(directory, _options.MessagesFilename)))
                {
                    actions.Add(new PruneAction(PruneActionKind.ArchiveSession, directory, subject, age) { Ids = item.Ids });
                }
            }
            else if (item.Type == TreeItemType.Record && item.Kind == RecordKind.Insight && policy.InsightRetentionDays is { } keep &&
                     ReadTime(item.Path, "created_at") is { } created && now - created > TimeSpan.FromDays(keep))
            {
                actions.Add(new PruneAction(PruneActionKind.DeleteInsight, item.Path, $"panel '{item.Ids.PanelId}' insight '{item.Ids.ItemId}'", now - created) { Ids = item.Ids });
            }
        }

        return actions;
    }

    /// <summary>Applies planned actions; the caller holds the lock or is the files' single writer.</summary>
    public async Task<PruneReport> ApplyAsync(IReadOnlyList<PruneAction> plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var durable = _options.Durability == Durability.Fsync;
        long before = 0, after = 0;
        var done = new List<PruneAction>();
        foreach (var action in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (action.Kind)
            {
                case PruneActionKind.ArchiveSession:
                    var (plain, compressed) = await ArchivedSessions.ArchiveAsync(Path.Join(action.Path, _options.MessagesFilename), new AtomicFile(_options), cancellationToken).ConfigureAwait(false);
                    before += plain;
                    after += compressed;
                    Log.Archived(_logger, action.Subject, action.Age.TotalDays, plain, compressed);
                    break;
                case PruneActionKind.DeleteSession:
                    await DeleteSessionAsync(action.Path, durable, cancellationToken).ConfigureAwait(false);
                    Log.DeletedSession(_logger, action.Subject, action.Age.TotalDays);
                    break;
                case PruneActionKind.DeleteInsight:
                    new AtomicFile(_options).Delete(action.Path);
                    Log.DeletedInsight(_logger, action.Subject, action.Age.TotalDays);
                    break;
            }

            done.Add(action);
        }

        var report = new PruneReport(done, DryRun: false, before, after);
        Log.Summary(_logger, report.SessionsArchived, report.SessionsDeleted, report.InsightsDeleted, before, after);
        return report;
    }

    /// <summary>Renames the session aside first (one atomic step), so a crash never leaves half a session
    /// that looks alive; then deletes it and the user's derived session index, which the user grain rebuilds.</summary>
    private async Task DeleteSessionAsync(string directory, bool durable, CancellationToken cancellationToken)
    {
        var user = Path.GetDirectoryName(directory)!;
        var aside = Path.Join(user, StagingNames.New(StagingNames.DeletingPrefix));
        Directory.Move(directory, aside);
        if (durable)
        {
            DirectorySync.Fsync(user);
        }

        Directory.Delete(aside, recursive: true);
        // The user grain would drop the deleted session when it next activates; rewrite the index now so the tree verifies clean.
        if (File.Exists(Path.Join(user, TreeScanner.DerivedIndexDirectoryName, SessionIndexRebuild.FileName)))
        {
            await SessionIndexRebuild.RebuildAsync(user, _options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The ids as the REST audit records name them (the route parameters: <c>userId</c>, <c>sessionId</c>, ...).</summary>
    private static Dictionary<string, string> AuditIds(RecordIds ids)
    {
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                named[name] = value;
            }
        }

        Add("userId", ids.UserId);
        Add("sessionId", ids.SessionId);
        Add("panelId", ids.PanelId);
        Add("insightId", ids.ItemId);
        return named;
    }

    private static DateTimeOffset? ReadTime(string path, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), MaintenanceJson.ReadOptions);
            return document.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String &&
                   DateTimeOffset.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : null;
        }
        catch (JsonException)
        {
            // A file that does not parse is verify's business; prune leaves it alone.
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3401, Level = LogLevel.Information, Message = "Prune: archived {Subject}, untouched for {Days:F1} days ({Plain} bytes -> {Compressed} bytes)")]
        public static partial void Archived(ILogger logger, string subject, double days, long plain, long compressed);

        [LoggerMessage(EventId = 3402, Level = LogLevel.Information, Message = "Prune: deleted {Subject}, untouched for {Days:F1} days")]
        public static partial void DeletedSession(ILogger logger, string subject, double days);

        [LoggerMessage(EventId = 3403, Level = LogLevel.Information, Message = "Prune: deleted {Subject}, {Days:F1} days old")]
        public static partial void DeletedInsight(ILogger logger, string subject, double days);

        [LoggerMessage(EventId = 3404, Level = LogLevel.Information, Message = "Prune: {Archived} sessions archived, {Deleted} sessions deleted, {Insights} insights deleted; archived logs {Before} -> {After} bytes")]
        public static partial void Summary(ILogger logger, int archived, int deleted, int insights, long before, long after);
    }
}

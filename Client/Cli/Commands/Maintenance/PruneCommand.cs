using System.CommandLine;
using System.Globalization;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Cli.Commands.Maintenance;

/// <summary><c>chatdb prune</c>: retention applied offline.</summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var data = MaintenanceRunner.DataOption();
        var archive = new Option<int?>("--archive-after-days") { Description = "Compress the messages of sessions untouched for N days (messages.jsonl -> messages.jsonl.gz)." };
        var delete = new Option<int?>("--delete-after-days") { Description = "Delete sessions untouched for N days." };
        var insights = new Option<int?>("--insight-retention-days") { Description = "Delete panel insights older than N days (default: Storage:PanelInsightRetentionDays)." };
        var now = new Option<DateTimeOffset?>("--now") { Description = "The time to measure ages from (ISO 8601; default: the clock).", Hidden = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be done, change nothing." };
        var quiet = MaintenanceRunner.QuietOption();
        var command = new Command("prune", "Archive or delete old sessions and expire panel insights.") { data, archive, delete, insights, now, dryRun, quiet };
        command.SetAction((parse, token) => MaintenanceRunner.RunAsync(parse, "prune", async (writer, cancel) =>
        {
            var options = MaintenanceRunner.StorageOptions(parse.GetValue(data)!);
            var clock = parse.GetValue(now) is { } fixedNow ? new FixedTimeProvider(fixedNow) : TimeProvider.System;
            var policy = new RetentionPolicy
            {
                ArchiveAfterDays = parse.GetValue(archive),
                DeleteAfterDays = parse.GetValue(delete),
                InsightRetentionDays = parse.GetValue(insights) ?? options.ChatLimits.PanelInsightRetentionDays,
            };
            var report = await new PruneEngine(options, clock).PruneAsync(policy, parse.GetValue(dryRun), cancel).ConfigureAwait(false);
            var verb = report.DryRun ? "would " : "";
            foreach (var action in report.Actions)
            {
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{verb}{Describe(action.Kind)} {action.Subject} ({action.Age.TotalDays:F1} days)")).ConfigureAwait(false);
            }

            var bytes = report.BytesBeforeArchive > 0
                ? string.Create(CultureInfo.InvariantCulture, $"; archived logs {report.BytesBeforeArchive:N0} -> {report.BytesAfterArchive:N0} bytes")
                : "";
            var prefix = report.DryRun ? "dry run: " : "";
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{prefix}{report.SessionsArchived} sessions archived, {report.SessionsDeleted} sessions deleted, {report.InsightsDeleted} insights deleted{bytes}")).ConfigureAwait(false);
            return MaintenanceRunner.Ok;
        }, token));
        return command;
    }

    private static string Describe(PruneActionKind kind) => kind switch
    {
        PruneActionKind.ArchiveSession => "archive",
        PruneActionKind.DeleteSession => "delete",
        _ => "delete",
    };

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}

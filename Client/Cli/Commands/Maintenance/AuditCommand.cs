using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ChatDb.Storage;
using ChatDb.Storage.Flatfile.Audit;
using ChatDb.Storage.Flatfile.Layout;

namespace ChatDb.Cli.Commands.Maintenance;

/// <summary>
/// <c>chatdb audit</c>: the audit log of a data directory read from its files (every silo's and the offline commands'),
/// newest first, like <c>GET /audit</c> but without a silo. It only reads, so a running silo may hold the directory.
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "The data directory.", Required = true };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only entries at or after this time (ISO 8601)." };
        var until = new Option<DateTimeOffset?>("--until") { Description = "Only entries before this time (ISO 8601)." };
        var action = new Option<string?>("--action") { Description = "Only entries of this action: " + string.Join(", ", AuditActions.All) + "." };
        var limit = new Option<int>("--limit") { Description = "At most this many entries.", DefaultValueFactory = _ => 50 };
        var offset = new Option<int>("--offset") { Description = "Skip this many of the newest entries first." };
        var json = new Option<bool>("--json") { Description = "Print the entries as JSON Lines, as they are stored." };
        var command = new Command("audit", "List the audit log of a data directory: deletes, purges, redactions, restores and key changes.")
        {
            data, since, until, action, limit, offset, json,
        };
        command.SetAction((parse, token) => MaintenanceRunner.RunAsync(parse, "audit", async (writer, cancel) =>
        {
            var wanted = parse.GetValue(action);
            if (wanted is not null && !AuditActions.All.Contains(wanted))
            {
                throw new ConfigurationError($"--action '{wanted}' is not one of {string.Join(", ", AuditActions.All)}.");
            }

            if (parse.GetValue(limit) is < 1 or > 10_000 || parse.GetValue(offset) < 0)
            {
                throw new ConfigurationError("--limit must be 1 to 10000 and --offset 0 or more.");
            }

            var options = MaintenanceRunner.StorageOptions(parse.GetValue(data)!);
            if (!Directory.Exists(options.StorageBasePath))
            {
                throw new ConfigurationError($"data directory '{Path.GetFullPath(options.StorageBasePath)}' does not exist.");
            }

            var entries = await AuditFiles.ListAsync(
                new FlatfileLayout(options).AuditDirectory, parse.GetValue(since), parse.GetValue(until), wanted,
                parse.GetValue(limit), parse.GetValue(offset), cancel).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                await writer.WriteLineAsync(parse.GetValue(json)
                    ? JsonSerializer.Serialize(entry, AuditJsonContext.Default.AuditEntry)
                    : Describe(entry)).ConfigureAwait(false);
            }

            return MaintenanceRunner.Ok;
        }, token));
        return command;
    }

    /// <summary>One line: time, who, what, on which ids, outcome, details, where.</summary>
    private static string Describe(AuditEntry entry)
    {
        var ids = entry.Ids is { Count: > 0 } named ? " " + string.Join(' ', named.Select(p => $"{p.Key}={p.Value}")) : "";
        var details = entry.Details is { Length: > 0 } text ? $" ({text})" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{entry.At.UtcDateTime:O} {entry.Actor} {entry.Action} {entry.Operation}{ids} {entry.Outcome}{details} [{entry.Silo}]");
    }
}

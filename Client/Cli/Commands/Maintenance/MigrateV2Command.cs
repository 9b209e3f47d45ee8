using System.CommandLine;
using System.Globalization;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Cli.Commands.Maintenance;

/// <summary><c>chatdb migrate-v2 --from OLD --data DIR</c>.</summary>
internal static class MigrateV2Command
{
    public static Command Create()
    {
        var data = MaintenanceRunner.DataOption();
        var quiet = MaintenanceRunner.QuietOption();
        var from = new Option<string>("--from") { Description = "The v2 data directory (read only).", Required = true };
        var merge = new Option<bool>("--merge") { Description = "Add to a non-empty data directory." };
        var command = new Command("migrate-v2", "Import a tree written by the v2 system, mapping fields as docs/OPERATIONS.md §6 lists and validating counts.") { from, data, merge, quiet };
        command.SetAction((parse, token) => MaintenanceRunner.RunAsync(parse, "migrate-v2", async (writer, cancel) =>
        {
            var options = MaintenanceRunner.StorageOptions(parse.GetValue(data)!);
            var result = await ConsoleProgress.RunAsync("migrate-v2", parse.GetValue(quiet), progress =>
                new V2Migrator(options, ChatModelSchema.Instance, progress).MigrateAsync(parse.GetValue(from)!, parse.GetValue(merge), cancel)).ConfigureAwait(false);
            foreach (var line in result.Skipped.Select(s => "skipped: " + s).Concat(result.Validation.Warnings.Select(w => "warning: " + w)))
            {
                await writer.WriteLineAsync(line).ConfigureAwait(false);
            }

            var old = result.Validation.Old;
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"migrated {old.Users:N0} users, {old.Sessions:N0} sessions, {old.Messages:N0} messages, {old.Documents:N0} documents, " +
                $"{old.Personas:N0} personas, {old.Panels:N0} panels ({old.PanelMessages:N0} messages, {old.Insights:N0} insights, {old.PanelPersonas:N0} persona snapshots); counts validated")).ConfigureAwait(false);
            return MaintenanceRunner.Ok;
        }, token));
        return command;
    }
}

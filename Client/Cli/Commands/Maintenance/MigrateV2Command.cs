using System.CommandLine;
using System.Globalization;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Cli.Commands.Maintenance;

/// <summary><c>chatdb migrate-v2 --from OLD --data DIR [--merge] [--config-out FILE] [--dry-run]</c> (docs/OPERATIONS.md §6).</summary>
internal static class MigrateV2Command
{
    public static Command Create()
    {
        var data = MaintenanceRunner.DataOption();
        var quiet = MaintenanceRunner.QuietOption();
        var from = new Option<string>("--from") { Description = "The v2 data directory (read only).", Required = true };
        var merge = new Option<bool>("--merge") { Description = "Add to a non-empty data directory." };
        var configOut = new Option<string?>("--config-out")
        {
            Description = "Where to write the appsettings fragment made from v2's system/config.json (default: DIR.appsettings.json beside the data directory).",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan (file count and bytes per kind, users to migrate) and write nothing." };
        var command = new Command("migrate-v2",
            "Import a tree written by the v2 system, user by user with a checkpoint (run again to resume), mapping fields as docs/OPERATIONS.md §6 lists and validating counts of every kind.")
        {
            from, data, merge, configOut, dryRun, quiet,
        };
        command.SetAction((parse, token) => MaintenanceRunner.RunAsync(parse, "migrate-v2", async (writer, cancel) =>
        {
            var options = MaintenanceRunner.StorageOptions(parse.GetValue(data)!);
            if (parse.GetValue(dryRun))
            {
                await PrintPlanAsync(writer, new V2Migrator(options, ChatModelSchema.Instance).Plan(parse.GetValue(from)!), options.StorageBasePath).ConfigureAwait(false);
                return MaintenanceRunner.Ok;
            }

            var migration = new V2MigrationOptions { Merge = parse.GetValue(merge), ConfigOutput = parse.GetValue(configOut) };
            V2MigrationResult result;
            try
            {
                result = await ConsoleProgress.RunAsync("migrate-v2", parse.GetValue(quiet), progress =>
                    new V2Migrator(options, ChatModelSchema.Instance, progress).MigrateAsync(parse.GetValue(from)!, migration, cancel)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // The runner reports the cancellation; what the user needs besides is how to continue.
                await writer.WriteLineAsync(
                    $"migrate-v2: interrupted; the users migrated so far are committed and recorded in '{V2Migrator.CheckpointPath(options.StorageBasePath)}'; " +
                    "run the same command again to resume.").ConfigureAwait(false);
                throw;
            }

            return await PrintResultAsync(writer, result).ConfigureAwait(false);
        }, token));
        return command;
    }

    private static async Task PrintPlanAsync(TextWriter writer, V2MigrationPlan plan, string target)
    {
        await writer.WriteLineAsync($"plan: migrate-v2 from '{plan.Source}' into '{Path.GetFullPath(target)}' (dry run: nothing is written)").ConfigureAwait(false);
        foreach (var kind in plan.Kinds)
        {
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {kind.Kind,-20} {kind.Files,10:N0} files {kind.Bytes,16:N0} bytes")).ConfigureAwait(false);
        }

        var done = plan.UsersDone.ToHashSet(StringComparer.Ordinal);
        await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"users: {plan.Users.Count - done.Count:N0} to migrate, {done.Count:N0} already migrated (checkpoint)")).ConfigureAwait(false);
        foreach (var user in plan.Users)
        {
            await writer.WriteLineAsync($"  {user}{(done.Contains(user) ? " (done)" : "")}").ConfigureAwait(false);
        }
    }

    private static async Task<int> PrintResultAsync(TextWriter writer, V2MigrationResult result)
    {
        var validation = result.Validation;
        var lines = result.Skipped.Select(s => "skipped: " + s)
            .Concat(validation.Warnings.Select(w => "warning: " + w))
            .Concat(validation.Errors.Select(e => "error: " + e));
        foreach (var line in lines)
        {
            await writer.WriteLineAsync(line).ConfigureAwait(false);
        }

        if (result.UnitsResumed > 0)
        {
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"resumed: {result.UnitsResumed:N0} unit(s) were migrated by an earlier run")).ConfigureAwait(false);
        }

        foreach (var ((kind, before), (_, after)) in validation.Old.ByKind().Zip(validation.New.ByKind()))
        {
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {kind,-20} {before,10:N0} in v2 {after,10:N0} migrated")).ConfigureAwait(false);
        }

        if (result.Config is { } config)
        {
            await writer.WriteLineAsync($"configuration: {config.Summary}; written to '{result.ConfigFragment}'").ConfigureAwait(false);
            foreach (var (key, why) in config.Ignored)
            {
                await writer.WriteLineAsync($"  ignored {key}: {why}").ConfigureAwait(false);
            }
        }

        await writer.WriteLineAsync(validation.IsValid
            ? "migrate-v2: done; counts validated"
            : $"migrate-v2: done with {validation.Errors.Count} count mismatch(es); see the errors above").ConfigureAwait(false);
        return validation.IsValid ? MaintenanceRunner.Ok : MaintenanceRunner.ProblemsFound;
    }
}

using System.CommandLine;
using System.Globalization;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Cli.Commands.Maintenance;

/// <summary><c>chatdb verify [--repair]</c>: exit 0 when clean, 1 with each problem listed.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var data = MaintenanceRunner.DataOption();
        var quiet = MaintenanceRunner.QuietOption();
        var repair = new Option<bool>("--repair")
        {
            Description = "Cut torn tails (kept in .corrupt), rebuild indexes and missing session.json, remove temp and scratch files and stale derived indexes. Never deletes a readable record.",
        };
        var command = new Command("verify", "Check every file of a data directory against the layout and the models.") { data, repair, quiet };
        command.SetAction((parse, token) => MaintenanceRunner.RunAsync(parse, "verify", async (writer, cancel) =>
        {
            var options = MaintenanceRunner.StorageOptions(parse.GetValue(data)!);
            VerifyReport report;
            if (parse.GetValue(repair))
            {
                var repaired = await ConsoleProgress.RunAsync("verify --repair", parse.GetValue(quiet), progress =>
                    new VerifyEngine(options, ChatModelSchema.Instance, progress).RepairAsync(cancel)).ConfigureAwait(false);
                foreach (var action in repaired.Actions)
                {
                    await writer.WriteLineAsync($"repaired {action.Kind}: {action.Path}: {action.Action}").ConfigureAwait(false);
                }

                report = repaired.After;
            }
            else
            {
                report = await ConsoleProgress.RunAsync("verify", parse.GetValue(quiet), progress =>
                    new VerifyEngine(options, ChatModelSchema.Instance, progress).VerifyAsync(cancel)).ConfigureAwait(false);
            }

            foreach (var problem in report.Problems)
            {
                var severity = problem.IsError ? "error" : "warning";
                var fix = problem.Repairable ? " [repairable]" : "";
                await writer.WriteLineAsync($"{severity} {problem.Kind}: {problem.Path}: {problem.Message}{fix}").ConfigureAwait(false);
            }

            var errors = report.Problems.Count(p => p.IsError);
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{(report.IsClean ? "clean" : $"{errors} error(s)")}, {report.Problems.Count - errors} warning(s); {TransferCommands.Summary(report.Counts)}")).ConfigureAwait(false);
            return report.IsClean ? MaintenanceRunner.Ok : MaintenanceRunner.ProblemsFound;
        }, token));
        return command;
    }
}

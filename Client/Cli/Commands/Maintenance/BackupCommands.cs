using System.CommandLine;
using System.Globalization;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Cli.Commands.Maintenance;

/// <summary><c>chatdb backup</c> and <c>chatdb restore</c>.</summary>
internal static class BackupCommands
{
    public static Command Backup()
    {
        var data = MaintenanceRunner.DataOption();
        var quiet = MaintenanceRunner.QuietOption();
        var output = new Option<string>("--out") { Description = "The backup file to write (.tar.gz).", Required = true };
        var command = new Command("backup", "Write a consistent copy of the data directory as a .tar.gz.") { data, output, quiet };
        command.SetAction((parse, token) => MaintenanceRunner.RunAsync(parse, "backup", async (writer, cancel) =>
        {
            var options = MaintenanceRunner.StorageOptions(parse.GetValue(data)!);
            var result = await ConsoleProgress.RunAsync("backup", parse.GetValue(quiet), progress =>
                new BackupEngine(options, progress).BackupAsync(parse.GetValue(output)!, cancel)).ConfigureAwait(false);
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"backed up {result.Files:N0} files ({result.Bytes:N0} bytes) to {Path.GetFullPath(parse.GetValue(output)!)}")).ConfigureAwait(false);
            return MaintenanceRunner.Ok;
        }, token));
        return command;
    }

    public static Command Restore()
    {
        var data = MaintenanceRunner.DataOption();
        var quiet = MaintenanceRunner.QuietOption();
        var input = new Option<string>("--in") { Description = "The backup file (.tar.gz).", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace a non-empty data directory (after the backup has verified)." };
        var command = new Command("restore", "Restore a backup; it is extracted and verified before anything is replaced.") { data, input, force, quiet };
        command.SetAction((parse, token) => MaintenanceRunner.RunAsync(parse, "restore", async (writer, cancel) =>
        {
            var options = MaintenanceRunner.StorageOptions(parse.GetValue(data)!);
            var result = await ConsoleProgress.RunAsync("restore", parse.GetValue(quiet), progress =>
                new RestoreEngine(options, ChatModelSchema.Instance, progress).RestoreAsync(parse.GetValue(input)!, parse.GetValue(force), cancel)).ConfigureAwait(false);
            foreach (var warning in result.Verified.Problems)
            {
                await writer.WriteLineAsync($"warning {warning.Kind}: {warning.Message}").ConfigureAwait(false);
            }

            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"restored {result.Files:N0} files ({result.Bytes:N0} bytes) into {Path.GetFullPath(options.StorageBasePath)}; verified: {TransferCommands.Summary(result.Verified.Counts)}")).ConfigureAwait(false);
            return MaintenanceRunner.Ok;
        }, token));
        return command;
    }
}

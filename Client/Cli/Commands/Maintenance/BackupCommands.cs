using System.CommandLine;
using System.Globalization;
using ChatDb.Client;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Cli.Commands.Maintenance;

/// <summary><c>chatdb backup</c> and <c>chatdb restore</c>.</summary>
internal static class BackupCommands
{
    public static Command Backup()
    {
        var data = new Option<string>("--data") { Description = "The data directory (no silo may hold it); or use --silo." };
        var silo = new Option<string>("--silo") { Description = "A running silo's HTTP address: the backup comes from its GET /admin/backup." };
        var apiKey = new Option<string>("--api-key")
        {
            Description = $"An admin API key for --silo (default: ${SiloApiKey.Variable}). Other users can read a switch from the process list: "
                + "prefer the variable or --api-key-file.",
        };
        var apiKeyFile = new Option<string>("--api-key-file") { Description = "A file holding the admin API key for --silo." };
        var quiet = MaintenanceRunner.QuietOption();
        var output = new Option<string>("--out") { Description = "The backup file to write (.tar.gz).", Required = true };
        var command = new Command("backup", "Write a consistent copy of the data directory (or of a running silo's, with --silo) as a .tar.gz.")
        {
            data, silo, apiKey, apiKeyFile, output, quiet,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(data) is null) == (result.GetValue(silo) is null))
            {
                result.AddError("chatdb backup needs exactly one of --data DIR (offline) or --silo URL (a running silo).");
            }
            else if (result.GetValue(silo) is { } address && !IsHttpUrl(address))
            {
                result.AddError($"chatdb backup: --silo '{address}' is not an http:// or https:// URL (e.g. http://localhost:8080).");
            }
        });
        command.SetAction((parse, token) => MaintenanceRunner.RunAsync(parse, "backup", async (writer, cancel) =>
        {
            var target = Path.GetFullPath(parse.GetValue(output)!);
            if (parse.GetValue(silo) is { } address)
            {
                var url = new Uri(address, UriKind.Absolute);
                var key = parse.GetValue(apiKey)
                    ?? await SecretFiles.ReadAsync(parse.GetValue(apiKeyFile), "--api-key-file", SiloApiKey.Variable, cancel).ConfigureAwait(false);
                var bytes = await ConsoleProgress.RunAsync("backup", parse.GetValue(quiet), progress =>
                    SiloBackup.DownloadAsync(url, target, key, progress, cancel)).ConfigureAwait(false);
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"backed up silo {url} ({bytes:N0} bytes) to {target}")).ConfigureAwait(false);
                return MaintenanceRunner.Ok;
            }

            var options = MaintenanceRunner.StorageOptions(parse.GetValue(data)!);
            var result = await ConsoleProgress.RunAsync("backup", parse.GetValue(quiet), progress =>
                new BackupEngine(options, progress).BackupAsync(target, cancel)).ConfigureAwait(false);
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"backed up {result.Files:N0} files ({result.Bytes:N0} bytes) to {target}")).ConfigureAwait(false);
            return MaintenanceRunner.Ok;
        }, token));
        return command;
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

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

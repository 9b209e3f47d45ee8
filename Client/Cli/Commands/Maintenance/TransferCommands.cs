using System.CommandLine;
using System.Globalization;
using ChatDb.Client;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Cli.Commands.Maintenance;

/// <summary><c>chatdb export</c> and <c>chatdb import</c>.</summary>
internal static class TransferCommands
{
    public static Command Export()
    {
        var data = new Option<string>("--data") { Description = "The data directory (no silo may hold it); or use --silo." };
        var silo = new Option<string>("--silo") { Description = "A running silo's HTTP address: export one --user (or --session of theirs) or one --panel from it." };
        var apiKey = new Option<string>("--api-key")
        {
            Description = $"An API key for --silo (default: ${SiloApiKey.Variable}): admin, or the user's own for --user. Other users can read a switch "
                + "from the process list: prefer the variable or --api-key-file.",
        };
        var apiKeyFile = new Option<string>("--api-key-file") { Description = "A file holding the API key for --silo." };
        var user = new Option<string>("--user") { Description = "With --silo: the user to export (everything under their directory)." };
        var session = new Option<string>("--session") { Description = "With --silo and --user: only this session of the user." };
        var panel = new Option<string>("--panel") { Description = "With --silo: the panel to export." };
        var format = new Option<string>("--format") { Description = "With --silo: jsonl (default; what chatdb import reads) or json (one array of the same records)." };
        format.AcceptOnlyFromAmong("jsonl", "json");
        var quiet = MaintenanceRunner.QuietOption();
        var output = new Option<string>("--out") { Description = "The export file to write (JSON Lines).", Required = true };
        var command = new Command("export", "Write the whole data directory (or, with --silo, one user, session or panel of a running silo) as one JSON Lines file "
            + "(streaming; documents included as base64).") { data, silo, apiKey, apiKeyFile, user, session, panel, format, output, quiet };
        command.Validators.Add(result =>
        {
            var fromSilo = result.GetValue(silo) is not null;
            if ((result.GetValue(data) is null) != fromSilo)
            {
                result.AddError("chatdb export needs exactly one of --data DIR (offline, everything) or --silo URL (a running silo).");
            }
            else if (fromSilo && (result.GetValue(user) is null) == (result.GetValue(panel) is null))
            {
                result.AddError("chatdb export --silo needs exactly one of --user USER [--session SESSION] or --panel PANEL.");
            }
            else if (result.GetValue(session) is not null && result.GetValue(user) is null)
            {
                result.AddError("chatdb export: --session needs --user (the session's user).");
            }
            else if (!fromSilo && (result.GetValue(user) ?? result.GetValue(panel) ?? result.GetValue(format)) is not null)
            {
                result.AddError("chatdb export: --user, --session, --panel and --format need --silo; an offline export holds the whole directory.");
            }
        });
        command.SetAction((parse, token) => MaintenanceRunner.RunAsync(parse, "export", async (writer, cancel) =>
        {
            if (parse.GetValue(silo) is { } address)
            {
                var key = parse.GetValue(apiKey)
                    ?? await SecretFiles.ReadAsync(parse.GetValue(apiKeyFile), "--api-key-file", SiloApiKey.Variable, cancel).ConfigureAwait(false);
                var target = Path.GetFullPath(parse.GetValue(output)!);
                var what = new SiloExport(parse.GetValue(user), parse.GetValue(session), parse.GetValue(panel), parse.GetValue(format) ?? "jsonl");
                var bytes = await ConsoleProgress.RunAsync("export", parse.GetValue(quiet), progress =>
                    what.DownloadAsync(new Uri(address, UriKind.Absolute), key, target, progress, cancel)).ConfigureAwait(false);
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"exported {what} from silo {address} ({bytes:N0} bytes) to {target}")).ConfigureAwait(false);
                return MaintenanceRunner.Ok;
            }

            var options = MaintenanceRunner.StorageOptions(parse.GetValue(data)!);
            var result = await ConsoleProgress.RunAsync("export", parse.GetValue(quiet), progress =>
                new ExportEngine(options, ChatModelSchema.Instance, progress).ExportAsync(parse.GetValue(output)!, cancel)).ConfigureAwait(false);
            foreach (var warning in result.Warnings)
            {
                await writer.WriteLineAsync("warning: " + warning).ConfigureAwait(false);
            }

            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"exported {result.Records:N0} records ({result.Bytes:N0} bytes) to {Path.GetFullPath(parse.GetValue(output)!)}: {Summary(result.Counts)}")).ConfigureAwait(false);
            return MaintenanceRunner.Ok;
        }, token));
        return command;
    }

    public static Command Import()
    {
        var data = MaintenanceRunner.DataOption();
        var quiet = MaintenanceRunner.QuietOption();
        var input = new Option<string>("--in") { Description = "The export file to read.", Required = true };
        var merge = new Option<bool>("--merge") { Description = "Add to a non-empty data directory (identical files are skipped, differing ones refuse the import)." };
        var command = new Command("import", "Rebuild a data directory from an export; refuses a non-empty directory unless --merge.") { data, input, merge, quiet };
        command.SetAction((parse, token) => MaintenanceRunner.RunAsync(parse, "import", async (writer, cancel) =>
        {
            var options = MaintenanceRunner.StorageOptions(parse.GetValue(data)!);
            var result = await ConsoleProgress.RunAsync("import", parse.GetValue(quiet), progress =>
                new ImportEngine(options, ChatModelSchema.Instance, progress).ImportAsync(parse.GetValue(input)!, new ImportOptions { Merge = parse.GetValue(merge) }, cancel)).ConfigureAwait(false);
            var identical = result.IdenticalFilesSkipped > 0 ? $"; {result.IdenticalFilesSkipped} identical files already present" : "";
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"imported {result.Records:N0} records into {Path.GetFullPath(options.StorageBasePath)}: {Summary(result.Counts)}{identical}")).ConfigureAwait(false);
            return MaintenanceRunner.Ok;
        }, token));
        return command;
    }

    public static string Summary(IReadOnlyDictionary<string, long> counts) =>
        string.Join(", ", counts.Where(c => c.Value > 0).OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:N0}")));
}

using System.CommandLine;
using System.Globalization;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Cli.Commands.Maintenance;

/// <summary><c>chatdb export</c> and <c>chatdb import</c>.</summary>
internal static class TransferCommands
{
    public static Command Export()
    {
        var data = MaintenanceRunner.DataOption();
        var quiet = MaintenanceRunner.QuietOption();
        var output = new Option<string>("--out") { Description = "The export file to write (JSON Lines).", Required = true };
        var command = new Command("export", "Write the whole data directory as one JSON Lines file (streaming; documents included as base64).") { data, output, quiet };
        command.SetAction((parse, token) => MaintenanceRunner.RunAsync(parse, "export", async (writer, cancel) =>
        {
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

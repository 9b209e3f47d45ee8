using ChatDb.Storage;
using System.CommandLine;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Options;
using Microsoft.Extensions.Configuration;

namespace ChatDb.Cli.Commands.Maintenance;

/// <summary>
/// What every maintenance command shares: the storage options for <c>--data</c> (file names and limits from
/// <c>CHATDB_STORAGE__*</c> and appsettings, like the silo), Ctrl-C turned into a cancellation the engine
/// finishes cleanly (the command line's own 2-second kill is switched off so cleanup of temp targets is never
/// cut short), and errors printed as one line with a non-zero exit code.
/// </summary>
internal static class MaintenanceRunner
{
    public const int Ok = 0;
    public const int ProblemsFound = 1;
    public const int Failed = 2;
    public const int Cancelled = 130;

    public static Option<string> DataOption() => new("--data")
    {
        Description = "The data directory (no silo may hold it).",
        Required = true,
    };

    public static Option<bool> QuietOption() => new("--quiet", "-q") { Description = "No progress output." };

    public static FlatfileStorageOptions StorageOptions(string data)
    {
        var configuration = ChatDbConfiguration.Build([], environment: null, basePath: Directory.GetCurrentDirectory());
        var section = configuration.GetSection(FlatfileStorageOptions.SectionName);
        RemovedSettings.EnsureNoneIn(section, FlatfileStorageOptions.SectionName);
        var options = new FlatfileStorageOptions();
        section.Bind(options);
        section.Bind(options.ChatLimits);
        options.StorageBasePath = data;
        return options;
    }

    /// <summary>Runs a command body with Ctrl-C handling and error reporting; returns the exit code.</summary>
    public static async Task<int> RunAsync(ParseResult parseResult, string command, Func<TextWriter, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        parseResult.InvocationConfiguration.ProcessTerminationTimeout = null;
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await body(output, interrupt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            await error.WriteLineAsync($"chatdb {command}: cancelled; nothing was left half-written.").ConfigureAwait(false);
            return Cancelled;
        }
        catch (Exception e) when (e is StorageError or IOException or UnauthorizedAccessException or HttpRequestException)
        {
            await error.WriteLineAsync($"chatdb {command}: {e.Message}").ConfigureAwait(false);
            return Failed;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}

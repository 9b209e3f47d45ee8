using System.CommandLine;
using ChatDb.Client;
using ChatDb.Grains.Serialization;
using ChatDb.Runtime;
using ChatDb.Runtime.Client;
using ChatDb.Runtime.Storage;

namespace ChatDb.Cli.Commands.Data;

/// <summary>
/// Runs one data command: connects to the gateway, calls the body with a <see cref="ChatDbClient"/>, and
/// turns failures into one line on stderr and an exit code (stack traces only with <c>--verbose</c>).
/// </summary>
internal static class DataRunner
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Unreachable = 3;

    public static async Task<int> RunAsync(ParseResult parse, string command, Func<ChatDbClient, CommandOutput, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        var verbose = parse.GetValue<bool>(DataOptions.Verbose);
        var gateway = parse.GetValue<string>(DataOptions.Gateway) ?? DataOptions.DefaultGateway;
        var output = new CommandOutput(parse.InvocationConfiguration.Output, parse.GetValue<bool>(DataOptions.Json));
        try
        {
            await using var client = new ClientBuilder()
                .UseGateway(gateway)
                .Configure(options => options.ConnectRetryCount = 1)
                .AddGrainSerializerContext(ChatDbJsonContext.Default)
                .Build();
            try
            {
                await client.Connect(cancellationToken).ConfigureAwait(false);
            }
            catch (SiloUnavailableException e)
            {
                await error.WriteLineAsync($"chatdb {command}: cannot reach a silo at {gateway} (is it running? use --gateway host:port).").ConfigureAwait(false);
                await WriteDetailAsync(error, e, verbose).ConfigureAwait(false);
                return Unreachable;
            }

            return await body(new ChatDbClient(client), output, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StorageError or InconsistentStateException or TimeoutException or ArgumentException
            or GrainCallException or SiloUnavailableException or IOException or FormatException or System.Text.Json.JsonException)
        {
            await error.WriteLineAsync($"chatdb {command}: {Kind(e)}{OneLine(e.Message)}").ConfigureAwait(false);
            await WriteDetailAsync(error, e, verbose).ConfigureAwait(false);
            return e is SiloUnavailableException ? Unreachable : Failed;
        }
    }

    private static string Kind(Exception e) => e switch
    {
        NotFoundError => "not found: ",
        ValidationError or ArgumentException or FormatException or System.Text.Json.JsonException => "invalid: ",
        StorageLimitExceeded => "limit exceeded: ",
        InconsistentStateException => "conflict: ",
        TimeoutException => "timed out: ",
        SiloUnavailableException => "silo unavailable: ",
        _ => string.Empty,
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");

    private static async Task WriteDetailAsync(TextWriter error, Exception e, bool verbose)
    {
        if (verbose)
        {
            await error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
        }
    }
}

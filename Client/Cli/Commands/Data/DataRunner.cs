using ChatDb.Storage;
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
/// The cluster secret, when the gateway requires one, comes from <c>--cluster-secret-file</c> or the
/// <c>CHATDB_CLUSTER_SECRET</c> environment variable: never a plain switch, which other users could read
/// from the process list.
/// </summary>
internal static class DataRunner
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Unreachable = 3;
    public const int Refused = 4;

    public static async Task<int> RunAsync(ParseResult parse, string command, Func<ChatDbClient, CommandOutput, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        var verbose = parse.GetValue<bool>(DataOptions.Verbose);
        var gateway = parse.GetValue<string>(DataOptions.Gateway) ?? DataOptions.DefaultGateway;
        var output = new CommandOutput(parse.InvocationConfiguration.Output, parse.GetValue<bool>(DataOptions.Json));
        try
        {
            var secret = await ClusterSecretAsync(parse, cancellationToken).ConfigureAwait(false);
            await using var client = new ClientBuilder()
                .UseGateway(gateway)
                .Configure(options =>
                {
                    options.ConnectRetryCount = 1;
                    options.ClusterSecret = secret;
                })
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
            catch (UnauthorizedAccessException e)
            {
                await error.WriteLineAsync($"chatdb {command}: refused: {OneLine(e.Message)} "
                    + $"(give the cluster secret in {DataOptions.ClusterSecretVariable} or with {DataOptions.ClusterSecretFile})").ConfigureAwait(false);
                await WriteDetailAsync(error, e, verbose).ConfigureAwait(false);
                return Refused;
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

    /// <summary>The secret from <c>--cluster-secret-file</c>, else from <c>CHATDB_CLUSTER_SECRET</c>, else none.</summary>
    private static async Task<string?> ClusterSecretAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (parse.GetValue<string>(DataOptions.ClusterSecretFile) is { Length: > 0 } file)
        {
            var text = (await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Trim();
            return text.Length > 0 ? text : throw new FormatException($"{DataOptions.ClusterSecretFile} '{file}' is empty.");
        }

        return Environment.GetEnvironmentVariable(DataOptions.ClusterSecretVariable) is { Length: > 0 } secret ? secret.Trim() : null;
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

using System.CommandLine;
using System.Net;
using ChatDb.Client;
using ChatDb.Grains.Security;
using ChatDb.Storage;
using Orleans.Runtime;
using Orleans.Storage;

namespace ChatDb.Cli.Commands.Data;

/// <summary>
/// Runs one data command: calls the body with an <see cref="IChatDb"/> — the silo's REST API
/// (<c>--silo URL</c>, the default) or, with <c>--gateway host:port</c>, the cluster client — and turns
/// failures into one line on stderr and an exit code (stack traces only with <c>--verbose</c>).
/// REST is the default because it needs no cluster connect (0.5–2 s) and, beyond loopback, no client
/// certificate. The API key comes from a file or the <c>CHATDB_API_KEY</c> environment variable; a plain <c>--api-key</c> is accepted but shows in the process list.
/// </summary>
internal static class DataRunner
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Unreachable = 3;
    public const int Refused = 4;

    public static async Task<int> RunAsync(ParseResult parse, string command, Func<IChatDb, CommandOutput, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        var verbose = parse.GetValue<bool>(DataOptions.Verbose);
        var output = new CommandOutput(parse.InvocationConfiguration.Output, parse.GetValue<bool>(DataOptions.Json));
        var silo = parse.GetValue<string>(DataOptions.Silo);
        var gateway = parse.GetValue<string>(DataOptions.Gateway);
        try
        {
            if (gateway is not null)
            {
                if (silo is not null || parse.GetValue<string>(DataOptions.ApiKey) is not null || parse.GetValue<string>(DataOptions.ApiKeyFile) is not null)
                {
                    await error.WriteLineAsync($"chatdb {command}: {DataOptions.Gateway} uses the cluster client: leave out "
                        + $"{DataOptions.Silo}, {DataOptions.ApiKey} and {DataOptions.ApiKeyFile}.").ConfigureAwait(false);
                    return Usage;
                }

                return await RunOnGatewayAsync(parse, command, gateway, output, body, cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue<string>(DataOptions.TlsCertificate) is not null || parse.GetValue<string>(DataOptions.TlsKey) is not null
                || parse.GetValue<string>(DataOptions.TlsAuthority) is not null)
            {
                await error.WriteLineAsync($"chatdb {command}: {DataOptions.TlsCertificate}, {DataOptions.TlsKey} and {DataOptions.TlsAuthority} "
                    + $"are for {DataOptions.Gateway}; the REST API uses https:// in {DataOptions.Silo} and an API key.").ConfigureAwait(false);
                return Usage;
            }

            if (SiloAddress(silo) is not { } address)
            {
                await error.WriteLineAsync($"chatdb {command}: {DataOptions.Silo} '{silo}' is not an http:// or https:// URL "
                    + $"(e.g. {ChatDbRestClient.DefaultSilo.AbsoluteUri.TrimEnd('/')}).").ConfigureAwait(false);
                return Usage;
            }

            var apiKey = await SecretFiles.ReadAsync(parse.GetValue<string>(DataOptions.ApiKeyFile), DataOptions.ApiKeyFile, SiloApiKey.Variable, cancellationToken)
                .ConfigureAwait(false);
            using var client = new ChatDbRestClient(address, parse.GetValue<string>(DataOptions.ApiKey) ?? apiKey);
            try
            {
                return await body(client, output, cancellationToken).ConfigureAwait(false);
            }
            catch (SiloUnreachableException e)
            {
                await error.WriteLineAsync($"chatdb {command}: cannot reach a silo at {address.AbsoluteUri.TrimEnd('/')} "
                    + $"(is it running? use {DataOptions.Silo} URL).").ConfigureAwait(false);
                await WriteDetailAsync(error, e, verbose).ConfigureAwait(false);
                return Unreachable;
            }
            catch (UnauthorizedAccessException e)
            {
                await error.WriteLineAsync($"chatdb {command}: refused: {OneLine(e.Message)} "
                    + $"(give the API key in {SiloApiKey.Variable} or with {DataOptions.ApiKeyFile})").ConfigureAwait(false);
                await WriteDetailAsync(error, e, verbose).ConfigureAwait(false);
                return Refused;
            }
        }
        catch (Exception e) when (e is OrleansException or InconsistentStateException or TimeoutException or ArgumentException
            or IOException or FormatException or System.Text.Json.JsonException or ChatDb.Grains.Models.MemoryExtractionError)
        {
            await error.WriteLineAsync($"chatdb {command}: {Kind(e)}{OneLine(e.Message)}").ConfigureAwait(false);
            await WriteDetailAsync(error, e, verbose).ConfigureAwait(false);
            return e is SiloUnavailableException ? Unreachable : Failed;
        }
    }

    /// <summary>The cluster-client path: connect to the gateway as the given cluster id, then run the body.</summary>
    private static async Task<int> RunOnGatewayAsync(
        ParseResult parse, string command, string gateway, CommandOutput output, Func<IChatDb, CommandOutput, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        var verbose = parse.GetValue<bool>(DataOptions.Verbose);
        var clusterId = parse.GetValue<string>(DataOptions.ClusterId) ?? ChatDbClientBuilderExtensions.DefaultClusterId;
        IPEndPoint endpoint;
        try
        {
            endpoint = await GatewayConnection.ResolveAsync(gateway, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            // A --gateway that names no address is a bad command line, like a --silo that is not a URL.
            await error.WriteLineAsync($"chatdb {command}: {OneLine(e.Message)}").ConfigureAwait(false);
            await WriteDetailAsync(error, e, verbose).ConfigureAwait(false);
            return Usage;
        }

        if (await TlsAsync(parse, command, error).ConfigureAwait(false) is not (true, var tls))
        {
            return Usage;
        }

        GatewayConnection connection;
        try
        {
            connection = await GatewayConnection.ConnectAsync(endpoint, clusterId, tls, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (GatewayConnection.IsConnectFailure(e))
        {
            await error.WriteLineAsync($"chatdb {command}: cannot reach a silo of cluster '{clusterId}' at {gateway} after "
                + $"{GatewayConnection.Attempts} attempts (is it running? is its cluster id '{clusterId}'? use {DataOptions.Gateway} host:port "
                + $"and {DataOptions.ClusterId}).").ConfigureAwait(false);
            await WriteDetailAsync(error, e, verbose).ConfigureAwait(false);
            return Unreachable;
        }

        await using (connection.ConfigureAwait(false))
        {
            return await body(new ChatDbClient(connection.Client), output, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The client certificate of --tls-cert/--tls-key/--tls-ca (all three or none), or false after a usage error.</summary>
    private static async Task<(bool Ok, ClusterTls? Tls)> TlsAsync(ParseResult parse, string command, TextWriter error)
    {
        var certificate = parse.GetValue<string>(DataOptions.TlsCertificate);
        var key = parse.GetValue<string>(DataOptions.TlsKey);
        var authority = parse.GetValue<string>(DataOptions.TlsAuthority);
        if (certificate is null && key is null && authority is null)
        {
            return (true, null);
        }

        if (certificate is null || key is null || authority is null)
        {
            await error.WriteLineAsync($"chatdb {command}: mutual TLS needs {DataOptions.TlsCertificate}, {DataOptions.TlsKey} and {DataOptions.TlsAuthority} together.")
                .ConfigureAwait(false);
            return (false, null);
        }

        return (true, ClusterTls.Load(certificate, key, authority));
    }

    /// <summary>The --silo address (the silo's default HTTP address when not given), or null when it is not an http(s) URL.</summary>
    private static Uri? SiloAddress(string? silo) =>
        silo is null
            ? ChatDbRestClient.DefaultSilo
            : Uri.TryCreate(silo, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) ? url : null;

    private static string Kind(Exception e) => e switch
    {
        NotFoundError => "not found: ",
        PreconditionFailedError => "precondition failed: ",
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

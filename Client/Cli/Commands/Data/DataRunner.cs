using System.CommandLine;
using ChatDb.Client;
using ChatDb.Grains.Cluster;
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
        var membership = parse.GetValue<string>(DataOptions.Membership);
        try
        {
            if (gateway is not null || membership is not null)
            {
                var door = gateway is not null ? DataOptions.Gateway : DataOptions.Membership;
                if (gateway is not null && membership is not null)
                {
                    await error.WriteLineAsync($"chatdb {command}: give either {DataOptions.Gateway} (one gateway) or {DataOptions.Membership} "
                        + "(find the gateways in the membership table), not both.").ConfigureAwait(false);
                    return Usage;
                }

                if (silo is not null || parse.GetValue<string>(DataOptions.ApiKey) is not null || parse.GetValue<string>(DataOptions.ApiKeyFile) is not null)
                {
                    await error.WriteLineAsync($"chatdb {command}: {door} uses the cluster client: leave out "
                        + $"{DataOptions.Silo}, {DataOptions.ApiKey} and {DataOptions.ApiKeyFile}.").ConfigureAwait(false);
                    return Usage;
                }

                return await RunOnClusterAsync(parse, command, gateway, membership, output, body, cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue<string>(DataOptions.ConnectionString) is not null || parse.GetValue<string>(DataOptions.ConnectionStringFile) is not null)
            {
                await error.WriteLineAsync($"chatdb {command}: {DataOptions.ConnectionString} and {DataOptions.ConnectionStringFile} are for "
                    + $"{DataOptions.Membership}.").ConfigureAwait(false);
                return Usage;
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
            or IOException or FormatException or System.Text.Json.JsonException or ChatDb.Grains.Models.MemoryExtractionError
            or ChatDb.Grains.Modules.ModuleDisabledError)
        {
            await error.WriteLineAsync($"chatdb {command}: {Kind(e)}{OneLine(e.Message)}").ConfigureAwait(false);
            await WriteDetailAsync(error, e, verbose).ConfigureAwait(false);
            return e is SiloUnavailableException ? Unreachable : Failed;
        }
    }

    /// <summary>
    /// The cluster-client path: connect as the given cluster id to the one gateway of <c>--gateway</c>, or to the gateways
    /// the membership table of <c>--membership</c> lists, then run the body.
    /// </summary>
    private static async Task<int> RunOnClusterAsync(
        ParseResult parse, string command, string? gateway, string? membershipName, CommandOutput output,
        Func<IChatDb, CommandOutput, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        var verbose = parse.GetValue<bool>(DataOptions.Verbose);
        var clusterId = parse.GetValue<string>(DataOptions.ClusterId) ?? ChatDbClientBuilderExtensions.DefaultClusterId;
        Action<ChatDbClusterDiscovery> discover;
        string where;
        try
        {
            (discover, where) = gateway is not null
                ? await GatewayAsync(gateway, cancellationToken).ConfigureAwait(false)
                : await MembershipAsync(parse, membershipName!, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            // A --gateway that names no address, or a --membership without its connection string, is a bad command line,
            // like a --silo that is not a URL.
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
            connection = await GatewayConnection.ConnectAsync(discover, clusterId, tls, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (GatewayConnection.IsMembershipFailure(e))
        {
            await error.WriteLineAsync($"chatdb {command}: cannot reach a silo of cluster '{clusterId}' {where}: the table could not be read "
                + $"(is the server of the connection string running and reachable? {e.GetType().Name})").ConfigureAwait(false);
            await WriteDetailAsync(error, e, verbose).ConfigureAwait(false);
            return Unreachable;
        }
        catch (Exception e) when (GatewayConnection.IsConnectFailure(e))
        {
            await error.WriteLineAsync($"chatdb {command}: cannot reach a silo of cluster '{clusterId}' {where} after "
                + $"{GatewayConnection.Attempts} attempts (is it running? is its cluster id '{clusterId}'? use {DataOptions.Gateway} host:port "
                + $"or {DataOptions.Membership}, and {DataOptions.ClusterId}).").ConfigureAwait(false);
            await WriteDetailAsync(error, e, verbose).ConfigureAwait(false);
            return Unreachable;
        }

        await using (connection.ConfigureAwait(false))
        {
            return await body(new ChatDbClient(connection.Client), output, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<(Action<ChatDbClusterDiscovery>, string)> GatewayAsync(string gateway, CancellationToken cancellationToken)
    {
        var endpoint = await GatewayConnection.ResolveAsync(gateway, cancellationToken).ConfigureAwait(false);
        return (discovery => discovery.Gateways.Add(endpoint), "at " + gateway);
    }

    /// <summary>The membership provider of <c>--membership</c> and its connection string (option, file or environment; never shown).</summary>
    private static async Task<(Action<ChatDbClusterDiscovery>, string)> MembershipAsync(ParseResult parse, string name, CancellationToken cancellationToken)
    {
        if (ClusterMemberships.Parse(name) is not { } membership || membership == ClusterMembership.Localhost)
        {
            throw new FormatException($"{DataOptions.Membership} must be redis or azure, the silos' Cluster:Membership (was '{name}'); "
                + $"for one silo on this machine use {DataOptions.Gateway} or {DataOptions.Silo}.");
        }

        var connectionString = parse.GetValue<string>(DataOptions.ConnectionString)
            ?? await SecretFiles.ReadAsync(parse.GetValue<string>(DataOptions.ConnectionStringFile), DataOptions.ConnectionStringFile,
                DataOptions.ConnectionStringVariable, cancellationToken).ConfigureAwait(false)
            ?? throw new FormatException($"{DataOptions.Membership} {membership.Name()} needs the silos' connection string "
                + (membership == ClusterMembership.Redis ? "(Redis host:port)" : "(an Azure Storage connection string)")
                + $": set {DataOptions.ConnectionStringVariable}, or give {DataOptions.ConnectionStringFile} or {DataOptions.ConnectionString}.");
        return (discovery =>
        {
            discovery.Membership = membership;
            discovery.ConnectionString = connectionString;
        }, $"through the {membership.Name()} membership table");
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

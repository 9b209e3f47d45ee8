using System.Globalization;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Agents.Tools.Mcp;

/// <summary>
/// The silo's one connection to an MCP server: made on first use within <c>ConnectTimeoutSeconds</c>, its tools listed
/// once, then shared by every run. A failure to connect is not remembered (the next use tries again), and a call that
/// breaks the connection drops it, so the next use reconnects.
/// </summary>
public sealed class McpServerConnection(string name, McpServerEntry entry, TimeProvider time, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger = loggers.CreateLogger<McpServerConnection>();
    private volatile Connected? _current;

    public string Name { get; } = name;

    /// <summary>The tools of the live connection, by their own names; null while not connected.</summary>
    public IReadOnlyDictionary<string, McpClientTool>? KnownTools => _current?.Tools;

    /// <summary>The live connection, connecting first when there is none; <see cref="McpServerUnavailableException"/> when that fails.</summary>
    public async Task<Connected> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current)
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Off the calling grain's scheduler: the client's reading loops outlive the call and must not run on an activation.
            return _current ??= await Task.Run(() => ConnectAsync(cancellationToken), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Calls <paramref name="tool"/>; its result as JSON. A tool error, an unknown tool or a broken server throws, with a message for the model.</summary>
    public async Task<JsonElement> CallAsync(string tool, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        var connection = await GetAsync(cancellationToken);
        if (!connection.Tools.ContainsKey(tool))
        {
            throw new InvalidOperationException(
                $"MCP server '{Name}' has no tool '{tool}'; its tools are {string.Join(", ", connection.Tools.Keys.Order(StringComparer.Ordinal))}.");
        }

        CallToolResult result;
        try
        {
            result = await Task.Run(
                async () => await connection.Client.CallToolAsync(tool, arguments, cancellationToken: cancellationToken), cancellationToken);
        }
        catch (McpProtocolException)
        {
            // The server answered with an error: the connection itself is fine.
            throw;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            // Anything else (the process ended, the stream broke, the session closed) leaves the connection unusable.
            await DropAsync(connection);
            throw new McpServerUnavailableException($"MCP server '{Name}' failed during the call of '{tool}' ({error.GetType().Name}); it is reconnected on the next use.", error);
        }

        if (result.IsError == true)
        {
            throw new InvalidOperationException($"MCP tool '{tool}' of server '{Name}' reported an error: {Text(result)}");
        }

        if (result.StructuredContent is { } structured)
        {
            return JsonSerializer.SerializeToElement(structured, McpJsonUtilities.DefaultOptions);
        }

        return result.Content.All(c => c is TextContentBlock)
            ? JsonSerializer.SerializeToElement(Text(result), McpJsonUtilities.DefaultOptions)
            : JsonSerializer.SerializeToElement(result.Content, McpJsonUtilities.DefaultOptions);
    }

    public async ValueTask DisposeAsync()
    {
        if (_current is { } current)
        {
            _current = null;
            await current.Client.DisposeAsync();
        }

        _gate.Dispose();
    }

    private static string Text(CallToolResult result) =>
        string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    private async Task<Connected> ConnectAsync(CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(entry.ConnectTimeoutSeconds);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        McpClient? client = null;
        try
        {
            client = await McpClient.CreateAsync(Transport(), new McpClientOptions { InitializationTimeout = timeout }, loggers, linked.Token);
            var tools = await client.ListToolsAsync(cancellationToken: linked.Token);
            McpLog.Connected(_logger, Name, entry.Transport ?? "", tools.Count);
            return new Connected(client, tools.ToDictionary(t => t.Name, StringComparer.Ordinal));
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }

            McpLog.ConnectFailed(_logger, Name, error.GetType().Name);
            var why = deadline.IsCancellationRequested
                ? string.Create(CultureInfo.InvariantCulture, $"did not answer within {entry.ConnectTimeoutSeconds} s (ConnectTimeoutSeconds)")
                : $"cannot be reached ({error.GetType().Name})";
            throw new McpServerUnavailableException($"MCP server '{Name}' {why}; it is tried again on the next use.", error);
        }
    }

    private IClientTransport Transport()
    {
        if (entry.Transport == McpTransports.Http)
        {
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            if (entry.ApiKey is { } key)
            {
                headers["Authorization"] = "Bearer " + key;
            }

            return new HttpClientTransport(
                new HttpClientTransportOptions { Endpoint = new Uri(entry.Endpoint!), Name = Name, AdditionalHeaders = headers }, loggers);
        }

        // Not the silo's whole environment, which may hold its own secrets (CHATDB_MODELS__...__APIKEY): the few
        // variables a program needs to start (PATH, HOME, ...), then the configured ones.
        var environment = StdioClientTransportOptions.GetDefaultEnvironmentVariables();
        foreach (var (key, value) in entry.Environment)
        {
            environment[key] = value;
        }

        return new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = entry.Command!,
            Arguments = [.. entry.Arguments],
            WorkingDirectory = entry.WorkingDirectory,
            InheritEnvironmentVariables = false,
            EnvironmentVariables = environment,
            Name = Name,
        }, loggers);
    }

    private async Task DropAsync(Connected broken)
    {
        if (Interlocked.CompareExchange(ref _current, null, broken) == broken)
        {
            McpLog.Dropped(_logger, Name);
            await broken.Client.DisposeAsync();
        }
    }

    /// <summary>A live connection and the tools it listed.</summary>
    public sealed record Connected(McpClient Client, IReadOnlyDictionary<string, McpClientTool> Tools);
}

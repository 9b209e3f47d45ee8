using ChatDb.Storage.Ids;
using ChatDb.Storage;
using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Agents.Tools.Mcp;

/// <summary>
/// The tools of the configured MCP servers (<c>Mcp:Servers</c>), named <c>mcp__{server}__{tool}</c>. A name is offered
/// when its server is configured; whether the server has the tool is checked when an agent is saved, if the server
/// can be reached then. Connections are made on first use and kept, one per server, until the silo stops.
/// </summary>
public sealed class McpToolSource : IAgentToolSource, IAsyncDisposable
{
    private readonly McpServerSettings _settings;
    private readonly ILogger _logger;
    private readonly Dictionary<string, McpServerConnection> _connections = new(StringComparer.Ordinal);

    public McpToolSource(McpServerSettings settings, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        _settings = settings;
        _logger = loggers.CreateLogger<McpToolSource>();
        foreach (var name in settings.Names)
        {
            settings.TryGet(name, out var entry);
            _connections[name] = new McpServerConnection(name, entry, time, loggers);
        }
    }

    /// <summary>Each connected server's tools; <c>mcp__{server}__*</c> for one not reached yet.</summary>
    public IReadOnlyList<string> Names =>
        [.. _connections.Values.OrderBy(c => c.Name, StringComparer.Ordinal).SelectMany(c => c.KnownTools is { } tools
            ? tools.Keys.Order(StringComparer.Ordinal).Select(t => McpToolNames.Of(c.Name, t))
            : [McpToolNames.Of(c.Name, "*")])];

    public bool Offers(string name) => McpToolNames.TryParse(name, out var server, out _) && _connections.ContainsKey(server);

    public Microsoft.Extensions.AI.AIFunction Create(string name, AgentToolContext context)
    {
        if (!McpToolNames.TryParse(name, out var server, out var tool) || !_connections.TryGetValue(server, out var connection))
        {
            throw new ArgumentException($"'{name}' is not a tool of a configured MCP server.", nameof(name));
        }

        return new McpToolFunction(name, tool, connection);
    }

    /// <summary>
    /// A <see cref="ValidationError"/> when <paramref name="name"/>'s server answers without that tool. A server that
    /// cannot be reached now is no reason to refuse the agent: a run then gives the model an error result.
    /// </summary>
    public async ValueTask CheckAsync(string name, string subject, CancellationToken cancellationToken)
    {
        if (!McpToolNames.TryParse(name, out var server, out var tool) || !_connections.TryGetValue(server, out var connection))
        {
            return;
        }

        McpServerConnection.Connected connected;
        try
        {
            connected = await connection.GetAsync(cancellationToken);
        }
        catch (McpServerUnavailableException)
        {
            McpLog.UncheckedTool(_logger, name, server);
            return;
        }

        if (!connected.Tools.ContainsKey(tool))
        {
            throw new ValidationError(
                $"{subject}: tool {IdText.Escape(name)} is unknown (rule: known-tool); MCP server '{server}' has {string.Join(", ", connected.Tools.Keys.Order(StringComparer.Ordinal).Select(t => McpToolNames.Of(server, t)))}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections.Values)
        {
            await connection.DisposeAsync();
        }
    }
}

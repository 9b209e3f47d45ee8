using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Agents.Tools.Mcp;

/// <summary>Log messages of the MCP tool servers (event ids 3660–3669, within the agents' 3600–3699).</summary>
internal static partial class McpLog
{
    [LoggerMessage(EventId = 3660, Level = LogLevel.Information,
        Message = "MCP server {Server} connected over {Transport} with {ToolCount} tools")]
    public static partial void Connected(ILogger logger, string server, string transport, int toolCount);

    [LoggerMessage(EventId = 3661, Level = LogLevel.Warning,
        Message = "MCP server {Server} could not be connected ({ErrorType}); the next use tries again")]
    public static partial void ConnectFailed(ILogger logger, string server, string errorType);

    [LoggerMessage(EventId = 3662, Level = LogLevel.Warning,
        Message = "MCP server {Server} broke off during a call; its connection is dropped and made again on the next use")]
    public static partial void Dropped(ILogger logger, string server);

    [LoggerMessage(EventId = 3663, Level = LogLevel.Information,
        Message = "Agent tool {Tool} was accepted although MCP server {Server} could not be reached to check it")]
    public static partial void UncheckedTool(ILogger logger, string tool, string server);
}

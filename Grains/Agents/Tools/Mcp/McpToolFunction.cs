using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Agents.Tools.Mcp;

/// <summary>
/// One MCP tool as an agent's function, named <c>mcp__{server}__{tool}</c>. It holds no connection of its own: each
/// call goes through the server's shared connection, so a server that came back is used again. Description and
/// argument schema are the server's once it has been reached; before that, a generic object schema.
/// </summary>
internal sealed class McpToolFunction(string name, string tool, McpServerConnection server) : AIFunction
{
    private static readonly JsonElement AnyObject = JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone();

    public override string Name => name;

    public override string Description =>
        server.KnownTools?.GetValueOrDefault(tool)?.Description ?? $"Tool '{tool}' of MCP server '{server.Name}'.";

    public override JsonElement JsonSchema => server.KnownTools?.GetValueOrDefault(tool)?.JsonSchema ?? AnyObject;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken) =>
        await server.CallAsync(tool, new Dictionary<string, object?>(arguments, StringComparer.Ordinal), cancellationToken);
}

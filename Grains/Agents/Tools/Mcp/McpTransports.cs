namespace ChatDb.Grains.Agents.Tools.Mcp;

/// <summary>How the silo reaches an MCP server.</summary>
public static class McpTransports
{
    /// <summary>A process the silo starts, spoken to over its standard input and output.</summary>
    public const string Stdio = "stdio";

    /// <summary>MCP's streamable HTTP transport.</summary>
    public const string Http = "http";

    public static IReadOnlyList<string> All { get; } = [Stdio, Http];
}

namespace ChatDb.Grains.Agents.Tools.Mcp;

/// <summary>An MCP server could not be reached or broke off; its message (given to the model) names the server, never a secret.</summary>
public sealed class McpServerUnavailableException : Exception
{
    public McpServerUnavailableException()
    {
    }

    public McpServerUnavailableException(string message)
        : base(message)
    {
    }

    public McpServerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

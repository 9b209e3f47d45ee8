using System.ComponentModel;
using ModelContextProtocol.Server;

namespace ChatDb.McpTestServer;

/// <summary>The tools the test MCP servers offer (over stdio here, over HTTP in the tests' in-process server).</summary>
[McpServerToolType]
public static class TestServerTools
{
    [McpServerTool(Name = "echo"), Description("Returns the text it is given.")]
    public static string Echo([Description("The text to return.")] string text) => "echo: " + text;

    [McpServerTool(Name = "add"), Description("Adds two integers.")]
    public static long Add(long a, long b) => a + b;

    [McpServerTool(Name = "fail"), Description("Always fails, for the error path.")]
    public static string Fail() => throw new InvalidOperationException("the fail tool fails by design");
}

using System.ComponentModel;
using ModelContextProtocol.Server;

namespace ChatDb.McpTestServer;

/// <summary>Tells what the server process sees of its environment; offered over stdio only.</summary>
[McpServerToolType]
public static class EnvironmentTool
{
    [McpServerTool(Name = "env"), Description("The value of an environment variable of the server process, or (unset).")]
    public static string Env(string name) => Environment.GetEnvironmentVariable(name) ?? "(unset)";
}

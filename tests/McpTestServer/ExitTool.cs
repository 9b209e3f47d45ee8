using System.ComponentModel;
using ModelContextProtocol.Server;

namespace ChatDb.McpTestServer;

/// <summary>Ends the server process in the middle of a call, as a crashing server would; offered over stdio only.</summary>
[McpServerToolType]
public static class ExitTool
{
    [McpServerTool(Name = "exit"), Description("Ends the server process without answering.")]
    public static string Exit()
    {
        Environment.Exit(3);
        return "unreachable";
    }
}

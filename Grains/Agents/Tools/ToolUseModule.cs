using ChatDb.Grains.Modules;

namespace ChatDb.Grains.Agents.Tools;

/// <summary>
/// tool_use: the tools agents may call (built-in and MCP servers) and the approvals of tool calls. While it is off,
/// agent runs are offered no tools and trace that they went on without them.
/// </summary>
public static class ToolUseModule
{
    public static ChatModule Descriptor { get; } = new(ChatModuleNames.ToolUse, "1.0.0",
        "Tools agents may call (built-in tools and MCP servers), with approvals of the calls that need the user's consent.")
    {
        Routes =
        [
            "/users/{userId}/agents/{agentId}/runs/{runId}/approvals",
            "/users/{userId}/global-agents/{agentId}/runs/{runId}/approvals",
        ],
        Services = [typeof(AgentToolCatalog)],
        Namespace = "ChatDb.Grains.Agents.Tools",
    };
}

namespace ChatDb.Grains.Modules;

/// <summary>
/// The nine modules of a deployment (docs/MODULES.md), by the names used in <c>GET /modules</c> and in the configuration
/// (<c>Modules:{name}:Enabled</c>). Users, sessions, messages and search over messages are the core: not a module, never off.
/// </summary>
public static class ChatModuleNames
{
    public const string TextChat = "text_chat";
    public const string Memory = "memory";
    public const string ToolUse = "tool_use";
    public const string Persona = "persona";
    public const string Rag = "rag";
    public const string MultiAgent = "multi_agent";
    public const string Multimodal = "multimodal";
    public const string TopicRouter = "topic_router";
    public const string TraceLogger = "trace_logger";

    public static IReadOnlyList<string> All { get; } = [TextChat, Memory, ToolUse, Persona, Rag, MultiAgent, Multimodal, TopicRouter, TraceLogger];

    /// <summary>The configuration key that switches <paramref name="module"/> on or off.</summary>
    public static string EnabledKey(string module) => $"Modules:{module}:Enabled";
}

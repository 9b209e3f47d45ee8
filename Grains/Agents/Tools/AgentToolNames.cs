namespace ChatDb.Grains.Agents.Tools;

/// <summary>The built-in tools an agent may name (docs/AGENTS.md, "Tools").</summary>
public static class AgentToolNames
{
    /// <summary>The current time, UTC, in ISO 8601.</summary>
    public const string CurrentTime = "current_time";

    /// <summary>The newest messages of one of the agent owner's sessions.</summary>
    public const string RecentMessages = "recent_messages";

    /// <summary>The owner's messages that best match a query, through the user's search index.</summary>
    public const string SearchSessions = "search_sessions";

    /// <summary>The text of a document of one of the owner's sessions.</summary>
    public const string ReadDocument = "read_document";

    public static IReadOnlyList<string> All { get; } = [CurrentTime, RecentMessages, SearchSessions, ReadDocument];
}

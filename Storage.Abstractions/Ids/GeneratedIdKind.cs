namespace ChatDb.Storage.Ids;

/// <summary>The ids the storage generates from a timestamp, rather than taking from callers.</summary>
public enum GeneratedIdKind
{
    /// <summary><c>chat_session_YYYYMMDD_HHMMSS_ffffff</c>, a session directory under a user.</summary>
    Session,

    /// <summary><c>panel_YYYYMMDD_HHMMSS_ffffff</c>, a panel directory under <c>panel_sessions</c>.</summary>
    Panel,

    /// <summary><c>context_YYYYMMDD_HHMMSS_ffffff</c>, a snapshot in a session's <c>context_history</c>.</summary>
    Context,

    /// <summary><c>insight_YYYYMMDD_HHMMSS_ffffff</c>, an insight document of a panel.</summary>
    Insight,
}

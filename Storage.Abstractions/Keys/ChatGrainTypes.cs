namespace ChatDb.Storage.Keys;

/// <summary>
/// The type names of the chat grains (docs/GRAINS.md). The on-disk layout is chosen by them (GRAIN-LAYOUT
/// table, docs/STORAGE.md), so they are wire names: renaming a grain class must not change them. Today
/// each equals the grain class name minus <c>Grain</c>, lower-case; a grain type not listed here is stored
/// under <c>{base}/grains/{type}/...</c>. The key of each type is built and parsed by <see cref="ChatGrainKeys"/>.
/// </summary>
public static class ChatGrainTypes
{
    /// <summary>Key <c>{userId}</c>.</summary>
    public const string User = "user";

    /// <summary>Key <c>{userId}/{sessionId}</c>.</summary>
    public const string Session = "session";

    /// <summary>Key <c>{panelId}</c>.</summary>
    public const string Panel = "panel";

    /// <summary>Key <c>{panelId}/{runId}</c>; one multi-agent run of a panel (docs/MULTI_AGENT.md).</summary>
    public const string PanelRun = "panelrun";

    /// <summary>Key <see cref="ChatGrainKeys.Global"/>; hands out panel ids, stores nothing.</summary>
    public const string PanelDirectory = "paneldirectory";

    /// <summary>Key <c>{personaId}</c> (global) or <c>{userId}/{personaId}</c>.</summary>
    public const string Persona = "persona";

    /// <summary>Key <see cref="ChatGrainKeys.Global"/> or <c>{userId}</c>; a read-only view of persona files.</summary>
    public const string PersonaCatalog = "personacatalog";

    /// <summary>Key <c>{userId}</c>; the user's search index, derived from the message logs.</summary>
    public const string Search = "search";

    /// <summary>Key <see cref="ChatGrainKeys.Global"/>; runs the retention policy, stores nothing.</summary>
    public const string Retention = "retention";

    /// <summary>Key <c>export_{32 hex digits}</c>, one per export; streams a live export to a cluster client, stores nothing.</summary>
    public const string Export = "export";

    /// <summary>Key <c>{userId}/{sessionId}</c>; writes the session's rolling summary through the session grain, stores nothing itself.</summary>
    public const string SessionSummary = "sessionsummary";
}

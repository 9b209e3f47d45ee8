using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Events;

/// <summary>The streams chat events are published on: namespace plus key.</summary>
public static class ChatStreams
{
    /// <summary>The stream provider the silo registers for chat events unless configured otherwise.</summary>
    public const string DefaultProviderName = "chat";

    /// <summary>Events of one session; key <c>{userId}/{sessionId}</c>.</summary>
    public const string SessionEvents = "session-events";

    /// <summary>Events of one panel; key: the panel id.</summary>
    public const string PanelEvents = "panel-events";

    /// <summary>Events of one user that belong to no session (memory changes, docs/MEMORY.md); key: the user id.</summary>
    public const string UserEvents = "user-events";

    public static string UserKey(string userId) => userId;

    public static string SessionKey(string userId, string sessionId) => ChatGrainKeys.Session(userId, sessionId);
}

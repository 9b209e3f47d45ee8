namespace ChatDb.Storage.Keys;

/// <summary>The type names of the knowledge grains (docs/RAG.md); wire names like <see cref="ChatGrainTypes"/>.</summary>
public static class KnowledgeGrainTypes
{
    /// <summary>Key <c>{userId}</c>: the user's knowledge base, stored under <c>users/{u}/knowledge/</c>.</summary>
    public const string Knowledge = "knowledge";

    /// <summary>Key <c>{userId}/{sessionId}</c>: the chunks of one session's documents; derived, kept in memory only.</summary>
    public const string SessionKnowledge = "session-knowledge";
}

/// <summary>Keys of the knowledge grains.</summary>
public static partial class ChatGrainKeys
{
    /// <summary>Key of a user's knowledge grain: the user id.</summary>
    public static string Knowledge(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return userId;
    }

    /// <summary>The user id of a knowledge grain key, <c>{userId}</c>.</summary>
    public static string ParseKnowledge(string key) => UserId(Single(key, "knowledge key", "{userId}"));
}

using Microsoft.Agents.AI;

namespace ChatDb.Client.AgentFramework;

/// <summary>
/// One line to give a Microsoft Agent Framework agent its history in ChatDb:
/// <c>new ChatClientAgent(chatClient, new ChatClientAgentOptions { ChatHistoryProvider = chatDb.AsChatHistoryProvider("alice", sessionId) })</c>,
/// and one more for the user's memories: <c>AIContextProviders = [chatDb.AsMemoryProvider("alice")]</c>.
/// </summary>
public static class ChatDbAgentFrameworkExtensions
{
    /// <summary>A <see cref="ChatDbChatHistoryProvider"/> on the user's session (a new one at the first turn when <paramref name="sessionId"/> is null).</summary>
    public static ChatHistoryProvider AsChatHistoryProvider(this IChatDb chatDb, string userId, string? sessionId = null, ChatDbHistoryOptions? options = null) =>
        new ChatDbChatHistoryProvider(chatDb, userId, sessionId, options);

    /// <summary>A <see cref="ChatDbMemoryProvider"/> of the user's long-term memories, for <c>ChatClientAgentOptions.AIContextProviders</c>.</summary>
    public static AIContextProvider AsMemoryProvider(this IChatDb chatDb, string userId, ChatDbMemoryOptions? options = null) =>
        new ChatDbMemoryProvider(chatDb, userId, options);
}

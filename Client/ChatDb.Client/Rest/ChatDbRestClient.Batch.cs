using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Client;

/// <summary>Batch append, token totals and metadata-filtered session lists over REST.</summary>
public sealed partial class ChatDbRestClient
{
    public Task<IReadOnlyList<ChatMessage>> AddMessagesAsync(string userId, string sessionId, IReadOnlyList<NewMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return SendAsync(HttpMethod.Post, Session(userId, sessionId) + "/messages/batch",
            Json(new NewMessageBatch { Messages = messages }, ChatDbJsonContext.Default.NewMessageBatch),
            ChatDbJsonContext.Default.IReadOnlyListChatMessage, cancellationToken);
    }

    public Task<MessageTokenTotals> GetMessageTokensAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, Session(userId, sessionId) + "/messages/tokens", content: null, ChatDbJsonContext.Default.MessageTokenTotals, cancellationToken);

    public Task<IReadOnlyList<ChatSession>> ListSessionsAsync(
        string userId, IReadOnlyDictionary<string, string> metadata, int? limit = null, int offset = 0, string? titleQuery = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var url = new QueryString(User(userId) + "/sessions").Add("limit", limit).Add("offset", offset).Add("q", titleQuery).AddMetadata(metadata);
        return SendAsync(HttpMethod.Get, url.ToString(), content: null, ChatDbJsonContext.Default.IReadOnlyListChatSession, cancellationToken);
    }
}

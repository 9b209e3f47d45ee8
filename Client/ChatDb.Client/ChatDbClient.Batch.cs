using ChatDb.Grains.Models;

namespace ChatDb.Client;

/// <summary>Batch append, token totals and metadata-filtered session lists over the cluster client.</summary>
public sealed partial class ChatDbClient
{
    public Task<IReadOnlyList<ChatMessage>> AddMessagesAsync(string userId, string sessionId, IReadOnlyList<NewMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return Session(userId, sessionId).AddMessagesAsync(messages).WaitAsync(cancellationToken);
    }

    public Task<MessageTokenTotals> GetMessageTokensAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        Session(userId, sessionId).GetTokenTotalsAsync().WaitAsync(cancellationToken);

    public Task<IReadOnlyList<ChatSession>> ListSessionsAsync(
        string userId, IReadOnlyDictionary<string, string> metadata, int? limit = null, int offset = 0, string? titleQuery = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return User(userId).ListSessionsWithMetadataAsync(limit, offset, titleQuery, metadata).WaitAsync(cancellationToken);
    }
}

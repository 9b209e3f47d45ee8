using ChatDb.Grains.Models;

namespace ChatDb.Client;

public sealed partial class ChatDbClient
{
    // === Editing and forking ===

    public Task<ChatMessage> EditMessageAsync(string userId, string sessionId, long seq, MessagePatch patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return Session(userId, sessionId).EditMessageAsync(seq, patch).WaitAsync(cancellationToken);
    }

    public Task DeleteMessageAsync(string userId, string sessionId, long seq, CancellationToken cancellationToken = default) =>
        Session(userId, sessionId).DeleteMessageAsync(seq).WaitAsync(cancellationToken);

    /// <summary>The audit record names no requester: a cluster client has no identity of its own to give.</summary>
    public Task RedactMessageAsync(string userId, string sessionId, long seq, CancellationToken cancellationToken = default) =>
        Session(userId, sessionId).RedactMessageAsync(seq, requestedBy: null).WaitAsync(cancellationToken);

    public Task<ChatSession> ForkSessionAsync(string userId, string sessionId, ForkRequest? request = null, CancellationToken cancellationToken = default) =>
        Session(userId, sessionId).ForkAsync(request ?? new ForkRequest()).WaitAsync(cancellationToken);
}

using System.Globalization;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Client;

public sealed partial class ChatDbRestClient
{
    // === Editing and forking ===

    public Task<ChatMessage> EditMessageAsync(string userId, string sessionId, long seq, MessagePatch patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return SendAsync(HttpMethod.Patch, Message(userId, sessionId, seq), Json(patch, ChatDbJsonContext.Default.MessagePatch),
            ChatDbJsonContext.Default.ChatMessage, cancellationToken);
    }

    public async Task DeleteMessageAsync(string userId, string sessionId, long seq, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, Message(userId, sessionId, seq), content: null, cancellationToken).ConfigureAwait(false);
    }

    public async Task RedactMessageAsync(string userId, string sessionId, long seq, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, Message(userId, sessionId, seq) + "/redact", content: null, cancellationToken).ConfigureAwait(false);
    }

    public Task<ChatSession> ForkSessionAsync(string userId, string sessionId, ForkRequest? request = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, Session(userId, sessionId) + "/fork", Json(request ?? new ForkRequest(), ChatDbJsonContext.Default.ForkRequest),
            ChatDbJsonContext.Default.ChatSession, cancellationToken);

    private static string Message(string userId, string sessionId, long seq) =>
        Session(userId, sessionId) + "/messages/" + seq.ToString(CultureInfo.InvariantCulture);
}

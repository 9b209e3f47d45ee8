using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Client;

public sealed partial class ChatDbRestClient
{
    // === Trash ===

    public Task<SessionDeletionReport> PurgeSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, Session(userId, sessionId) + "?purge=true", content: null, ChatDbJsonContext.Default.SessionDeletionReport, cancellationToken);

    public Task<UserDeletionReport> DeleteUserToTrashAsync(string userId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, User(userId) + "?trash=true", content: null, ChatDbJsonContext.Default.UserDeletionReport, cancellationToken);

    public Task<IReadOnlyList<TrashItem>> ListTrashAsync(string userId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, User(userId) + "/trash", content: null, ChatDbJsonContext.Default.IReadOnlyListTrashItem, cancellationToken);

    public Task<ChatSession> RestoreSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"{User(userId)}/trash/{ClientIds.Segment(sessionId, "session id")}/restore", content: null,
            ChatDbJsonContext.Default.ChatSession, cancellationToken);

    public Task<IReadOnlyList<TrashItem>> ListPanelTrashAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "trash/panels", content: null, ChatDbJsonContext.Default.IReadOnlyListTrashItem, cancellationToken);

    public Task<Panel> RestorePanelAsync(string panelId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"trash/panels/{ClientIds.Segment(panelId, "panel id")}/restore", content: null,
            ChatDbJsonContext.Default.Panel, cancellationToken);
}

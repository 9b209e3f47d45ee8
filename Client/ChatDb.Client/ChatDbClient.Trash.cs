using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage.Keys;

namespace ChatDb.Client;

public sealed partial class ChatDbClient
{
    // === Trash ===

    public Task<SessionDeletionReport> PurgeSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        Session(userId, sessionId).PurgeAsync().WaitAsync(cancellationToken);

    public Task<UserDeletionReport> DeleteUserToTrashAsync(string userId, CancellationToken cancellationToken = default) =>
        User(userId).DeleteToTrashAsync().WaitAsync(cancellationToken);

    public Task<IReadOnlyList<TrashItem>> ListTrashAsync(string userId, CancellationToken cancellationToken = default) =>
        User(userId).ListTrashAsync().WaitAsync(cancellationToken);

    public Task<ChatSession> RestoreSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        User(userId).RestoreSessionAsync(ClientIds.Require(sessionId, "session id")).WaitAsync(cancellationToken);

    public Task<IReadOnlyList<TrashItem>> ListPanelTrashAsync(CancellationToken cancellationToken = default) =>
        _client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).ListTrashAsync().WaitAsync(cancellationToken);

    public Task<Panel> RestorePanelAsync(string panelId, CancellationToken cancellationToken = default) =>
        _client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).RestorePanelAsync(ClientIds.Require(panelId, "panel id")).WaitAsync(cancellationToken);
}

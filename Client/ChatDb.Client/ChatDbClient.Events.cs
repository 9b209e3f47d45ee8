using ChatDb.Grains.Events;

namespace ChatDb.Client;

public sealed partial class ChatDbClient
{
    // === Event logs ===

    public Task<ChatEventPage> ReadSessionEventsAsync(string userId, string sessionId, long after = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        Session(userId, sessionId).ReadEventsAsync(after, limit).WaitAsync(cancellationToken);

    public Task<ChatEventPage> ReadPanelEventsAsync(string panelId, long after = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        Panel(panelId).ReadEventsAsync(after, limit).WaitAsync(cancellationToken);
}

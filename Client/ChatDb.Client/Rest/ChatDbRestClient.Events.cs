using ChatDb.Grains.Events;
using ChatDb.Grains.Serialization;

namespace ChatDb.Client;

public sealed partial class ChatDbRestClient
{
    // === Event logs ===

    public Task<ChatEventPage> ReadSessionEventsAsync(string userId, string sessionId, long after = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, new QueryString(Session(userId, sessionId) + "/events/log").Add("after", after).Add("limit", limit).ToString(), content: null,
            ChatDbJsonContext.Default.ChatEventPage, cancellationToken);

    public Task<ChatEventPage> ReadPanelEventsAsync(string panelId, long after = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, new QueryString(Panel(panelId) + "/events/log").Add("after", after).Add("limit", limit).ToString(), content: null,
            ChatDbJsonContext.Default.ChatEventPage, cancellationToken);
}

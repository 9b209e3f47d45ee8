using ChatDb.Grains.Events;

namespace ChatDb.Client;

/// <summary>The event logs of sessions and panels (docs/API.md, "Events"): every event they published, numbered for replay.</summary>
public partial interface IChatDb
{
    /// <summary>
    /// Up to <paramref name="limit"/> events of the session's event log after event seq <paramref name="after"/> (0: from
    /// the start), oldest first; page on with <see cref="ChatEventPage.Next"/>. ValidationError beyond the log's end.
    /// </summary>
    Task<ChatEventPage> ReadSessionEventsAsync(string userId, string sessionId, long after = 0, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> events of the panel's event log after event seq <paramref name="after"/>, oldest first.</summary>
    Task<ChatEventPage> ReadPanelEventsAsync(string panelId, long after = 0, int limit = 100, CancellationToken cancellationToken = default);
}

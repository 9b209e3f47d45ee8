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

    /// <summary>
    /// The session's events as they happen, until <paramref name="cancellationToken"/> is cancelled. With
    /// <paramref name="after"/> null, the events after the end of the session's event log as the watch starts; with an event seq, every logged event after it
    /// first (0: from the start), then the live ones, none twice and none missed (a reader that falls behind catches up
    /// from the log). To resume later, pass the <see cref="ChatEvent.EventSeq"/> of the last event read.
    /// NotFoundError when there is no such session.
    /// </summary>
    IAsyncEnumerable<ChatEvent> WatchSessionEventsAsync(string userId, string sessionId, long? after = null, CancellationToken cancellationToken = default);

    /// <summary>The panel's events as they happen; <paramref name="after"/> as for <see cref="WatchSessionEventsAsync"/>.</summary>
    IAsyncEnumerable<ChatEvent> WatchPanelEventsAsync(string panelId, long? after = null, CancellationToken cancellationToken = default);
}

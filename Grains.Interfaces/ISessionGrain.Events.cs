using ChatDb.Grains.Events;

namespace ChatDb.Grains;

/// <summary>The session's event log (docs/API.md, "Events"): every event it published, numbered for replay.</summary>
public partial interface ISessionGrain
{
    /// <summary>
    /// Up to <paramref name="limit"/> events after event seq <paramref name="after"/> (0: from the start), oldest first.
    /// Message events are rebuilt from the message and edits logs, so a redacted message shows as it reads now.
    /// ValidationError for an <paramref name="after"/> below 0 or beyond the last event seq; NotFoundError when the
    /// session does not exist.
    /// </summary>
    Task<ChatEventPage> ReadEventsAsync(long after, int limit);
}

using ChatDb.Grains.Events;

namespace ChatDb.Silo.Api;

/// <summary>Settings of the REST API (configuration section <c>Api</c>).</summary>
public sealed class ChatDbApiOptions
{
    public const string SectionName = "Api";

    /// <summary>The stream provider the chat grains publish their events on (<c>AddChatEventStreams</c>); the event routes read it.</summary>
    public string EventStreamProviderName { get; set; } = ChatStreams.DefaultProviderName;

    /// <summary>
    /// How many live events an event-stream connection may hold for a client that reads slower than they come; when
    /// it is full the connection gets a final <c>overflow</c> event and is closed (the client reconnects with
    /// <c>Last-Event-ID</c> and catches up from the log), so a slow client never grows the silo's memory.
    /// </summary>
    public int EventSubscriberCapacity { get; set; } = 1024;

    /// <summary>
    /// Seconds an event-stream connection waits for a live event before it looks in the entity's event log for events
    /// the stream did not bring (<c>Api:EventGapCheckSeconds</c>); 0 turns the check off. In a cluster a silo's death
    /// can take stream subscriptions and queued events with it; the log has every event, so the connection sends what
    /// it missed, in order, and subscribes again. A live event with a gap before it is filled from the log the same way.
    /// </summary>
    public int EventGapCheckSeconds { get; set; } = 5;

    /// <summary>How many events one read of the event log returns while an event stream replays after <c>Last-Event-ID</c>.</summary>
    public int EventReplayPageSize { get; set; } = 1000;

    /// <summary>
    /// The largest <c>limit</c> a list or search route accepts (<c>Api:MaxPageSize</c>); a larger one is a 400 that
    /// names this setting, so one request can never ask for a whole session at once.
    /// </summary>
    public int MaxPageSize { get; set; } = DefaultMaxPageSize;

    /// <summary>The default of <see cref="MaxPageSize"/>: the same cap as search results.</summary>
    public const int DefaultMaxPageSize = 1000;
}

using ChatDb.Grains.Events;
using Orleans;

namespace ChatDb.Grains.Bus;

/// <summary>
/// The topics of the bus: the chat stream namespaces (<see cref="ChatStreams"/>) and those added through
/// <see cref="ChatBusOptions.Topics"/>. Session and panel events are logged durably by their grains, so a subscriber
/// can catch up on them by event seq after a restart; the other topics are live only.
/// </summary>
public static class ChatBusTopics
{
    /// <summary>The built-in topics.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = [ChatStreams.SessionEvents, ChatStreams.PanelEvents, ChatStreams.UserEvents];

    /// <summary>True when the grains keep a durable event log for <paramref name="topic"/>.</summary>
    public static bool HasLog(string topic) => topic is ChatStreams.SessionEvents or ChatStreams.PanelEvents;

    /// <summary>Reads a page of the event log behind stream <paramref name="topic"/>/<paramref name="key"/>; null for a live-only topic.</summary>
    internal static Func<long, int, Task<ChatEventPage>>? LogReader(IGrainFactory grains, string topic, string key) => topic switch
    {
        ChatStreams.SessionEvents => grains.GetGrain<ISessionGrain>(key).ReadEventsAsync,
        ChatStreams.PanelEvents => grains.GetGrain<IPanelGrain>(key).ReadEventsAsync,
        _ => null,
    };
}

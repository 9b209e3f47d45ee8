using ChatDb.Grains.Events;

namespace ChatDb.Grains.Bus;

/// <summary>
/// The silo's message bus between modules: typed publish/subscribe on topics, carried by Orleans streams
/// (docs/BUS.md). A topic is a stream namespace (<see cref="ChatBusTopics"/>), a key names one
/// stream in it (a session, a panel, a user). Every event published in the silo, by the chat grains or through
/// <see cref="PublishAsync"/>, passes the registered <see cref="IChatBusFilter"/>s first.
/// </summary>
public interface IChatBus
{
    /// <summary>Publishes <paramref name="chatEvent"/> on stream <paramref name="topic"/>/<paramref name="key"/> through the filters.</summary>
    Task PublishAsync(string topic, string key, ChatEvent chatEvent);

    /// <summary>
    /// The events of one stream, of type <typeparamref name="TEvent"/>, until <paramref name="cancellationToken"/> ends the
    /// subscription. With <paramref name="after"/> (an event seq; 0 for the start) the events the topic's durable log
    /// holds after it come first, then the live ones, each logged event once (deduplicated by event seq) and a gap in the
    /// live stream filled from the log; only topics with a log (<see cref="ChatBusTopics.HasLog"/>) take <paramref name="after"/>.
    /// </summary>
    IAsyncEnumerable<TEvent> SubscribeAsync<TEvent>(string topic, string key, long? after, CancellationToken cancellationToken)
        where TEvent : ChatEvent;
}

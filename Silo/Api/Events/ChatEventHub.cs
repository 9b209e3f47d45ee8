using System.Collections.Concurrent;
using System.Threading.Channels;
using ChatDb.Grains.Events;

namespace ChatDb.Silo.Api.Events;

/// <summary>
/// The silo's <see cref="IChatEventPublisher"/> while the API is mapped: hands every event to the
/// server-sent-event subscribers of its stream, then to the publisher registered before it (if any).
/// Publishing never waits for a subscriber: one that falls <see cref="SubscriberCapacity"/> events
/// behind is disconnected (its stream ends) rather than slowing the grains down or losing events silently.
/// </summary>
internal sealed class ChatEventHub(IChatEventPublisher? next, ILogger<ChatEventHub> logger) : IChatEventPublisher
{
    public const int SubscriberCapacity = 1024;

    private readonly ConcurrentDictionary<(string Namespace, string Key), ConcurrentDictionary<Subscription, byte>> _subscribers = new();

    /// <summary>Starts receiving the events of one stream; dispose the subscription to stop.</summary>
    public Subscription Subscribe(string streamNamespace, string streamKey)
    {
        var subscription = new Subscription(this, (streamNamespace, streamKey));
        _subscribers.GetOrAdd(subscription.Stream, static _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    public async Task PublishAsync(string streamNamespace, string streamKey, ChatEvent chatEvent)
    {
        if (_subscribers.TryGetValue((streamNamespace, streamKey), out var subscribers))
        {
            foreach (var subscription in subscribers.Keys)
            {
                if (!subscription.Offer(chatEvent))
                {
                    ApiLog.SubscriberOverflow(logger, streamNamespace, streamKey, SubscriberCapacity);
                    subscription.Dispose();
                }
            }
        }

        if (next is not null)
        {
            await next.PublishAsync(streamNamespace, streamKey, chatEvent).ConfigureAwait(false);
        }
    }

    private void Remove(Subscription subscription)
    {
        if (_subscribers.TryGetValue(subscription.Stream, out var subscribers))
        {
            subscribers.TryRemove(subscription, out _);
        }
    }

    /// <summary>One subscriber's queue of events.</summary>
    internal sealed class Subscription : IDisposable
    {
        private readonly ChatEventHub _hub;
        private readonly Channel<ChatEvent> _events = Channel.CreateBounded<ChatEvent>(new BoundedChannelOptions(SubscriberCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        internal Subscription(ChatEventHub hub, (string Namespace, string Key) stream)
        {
            _hub = hub;
            Stream = stream;
        }

        public (string Namespace, string Key) Stream { get; }

        /// <summary>The events, in publishing order; ends when the subscription is disposed.</summary>
        public ChannelReader<ChatEvent> Events => _events.Reader;

        internal bool Offer(ChatEvent chatEvent) => _events.Writer.TryWrite(chatEvent);

        public void Dispose()
        {
            _events.Writer.TryComplete();
            _hub.Remove(this);
        }
    }
}

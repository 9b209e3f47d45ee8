using System.Threading.Channels;
using ChatDb.Grains.Events;
using Orleans;
using Orleans.Runtime;
using Orleans.Streams;

namespace ChatDb.Silo.Api.Events;

/// <summary>
/// A subscription of one HTTP client to one chat event stream, held by the silo process (not by a
/// grain). Delivery never waits for the client: a client that falls <see cref="ChatDbApiOptions.EventSubscriberCapacity"/>
/// events behind has its stream ended with a final <c>overflow</c> event (it reconnects with <c>Last-Event-ID</c>)
/// rather than slowing delivery, growing the buffer or silently missing events.
/// </summary>
internal sealed class ChatEventSubscription : IAsyncDisposable
{
    private readonly Channel<ChatEvent> _events;
    private StreamSubscriptionHandle<ChatEvent>? _handle;

    private ChatEventSubscription(int capacity)
    {
        Capacity = capacity;
        _events = Channel.CreateBounded<ChatEvent>(new BoundedChannelOptions(capacity) { SingleReader = true });
    }

    /// <summary>How many undelivered events the connection may hold (<see cref="ChatDbApiOptions.EventSubscriberCapacity"/>).</summary>
    public int Capacity { get; }

    /// <summary>The events published after <see cref="SubscribeAsync"/> completed, in order; ends on overflow.</summary>
    public ChannelReader<ChatEvent> Events => _events.Reader;

    /// <summary>True when the subscription ended because the client fell too far behind.</summary>
    public bool Overflowed { get; private set; }

    public static async Task<ChatEventSubscription> SubscribeAsync(IServiceProvider services, ChatDbApiOptions options, string streamNamespace, string streamKey)
    {
        var stream = services.GetRequiredService<IClusterClient>().GetStreamProvider(options.EventStreamProviderName)
            .GetStream<ChatEvent>(StreamId.Create(streamNamespace, streamKey));
        var subscription = new ChatEventSubscription(options.EventSubscriberCapacity);
        subscription._handle = await stream.SubscribeAsync(subscription.OnNextAsync).ConfigureAwait(false);
        return subscription;
    }

    /// <summary>A subscription fed by <see cref="Deliver"/> instead of a stream, for a connection's tests.</summary>
    internal static ChatEventSubscription Detached(int capacity) => new(capacity);

    /// <summary>What the stream does with each event it delivers.</summary>
    internal void Deliver(ChatEvent chatEvent) => OnNextAsync(chatEvent, null);

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        if (_handle is not null)
        {
            await _handle.UnsubscribeAsync().ConfigureAwait(false);
        }
    }

    private Task OnNextAsync(ChatEvent chatEvent, StreamSequenceToken? token)
    {
        if (!_events.Writer.TryWrite(chatEvent) && _events.Writer.TryComplete())
        {
            Overflowed = true;
        }

        return Task.CompletedTask;
    }
}

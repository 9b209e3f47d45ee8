using System.Threading.Channels;
using Orleans.Runtime;
using Orleans.Streams;

namespace ChatDb.Grains.Events;

/// <summary>
/// One reader's subscription to one chat event stream (<see cref="ChatStreams"/>), held by the process that reads it
/// (an SSE connection in the silo, a watch in a chat server's client), not by a grain. Delivery never waits for the
/// reader: a reader that falls <see cref="Capacity"/> events behind has its subscription ended and
/// <see cref="Overflowed"/> set, so it catches up from the event log, rather than slowing delivery, growing the
/// buffer or silently missing events.
/// </summary>
public sealed class ChatEventSubscription : IAsyncDisposable
{
    private readonly Channel<ChatEvent> _events;
    private StreamSubscriptionHandle<ChatEvent>? _handle;

    private ChatEventSubscription(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _events = Channel.CreateBounded<ChatEvent>(new BoundedChannelOptions(capacity) { SingleReader = true });
    }

    /// <summary>How many undelivered events the reader may hold.</summary>
    public int Capacity { get; }

    /// <summary>The events published after <see cref="SubscribeAsync"/> completed, in order; ends on overflow.</summary>
    public ChannelReader<ChatEvent> Events => _events.Reader;

    /// <summary>True when the subscription ended because the reader fell too far behind.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Subscribes to stream <paramref name="streamNamespace"/>/<paramref name="streamKey"/> of <paramref name="provider"/>.</summary>
    public static async Task<ChatEventSubscription> SubscribeAsync(IStreamProvider provider, string streamNamespace, string streamKey, int capacity)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var stream = provider.GetStream<ChatEvent>(StreamId.Create(streamNamespace, streamKey));
        var subscription = new ChatEventSubscription(capacity);
        subscription._handle = await stream.SubscribeAsync(subscription.OnNextAsync).ConfigureAwait(false);
        return subscription;
    }

    /// <summary>A subscription fed by <see cref="Deliver"/> instead of a stream, for a reader's tests.</summary>
    public static ChatEventSubscription Detached(int capacity) => new(capacity);

    /// <summary>What the stream does with each event it delivers.</summary>
    public void Deliver(ChatEvent chatEvent) => OnNextAsync(chatEvent, null);

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

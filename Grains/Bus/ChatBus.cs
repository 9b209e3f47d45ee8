using System.Runtime.CompilerServices;
using ChatDb.Grains.Events;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Streams;

namespace ChatDb.Grains.Bus;

/// <summary>
/// <see cref="IChatBus"/> on the silo's chat stream provider: publishing goes through the silo's (filtered)
/// <see cref="IChatEventPublisher"/>; subscribing to a logged topic is a <see cref="ChatEventWatch"/> (log first, then
/// live, deduplicated by event seq, gaps filled from the log), to a live-only topic a plain stream subscription.
/// </summary>
internal sealed class ChatBus(IClusterClient client, IChatEventPublisher publisher, IOptions<ChatBusOptions> options, string streamProviderName)
    : IChatBus
{
    public Task PublishAsync(string topic, string key, ChatEvent chatEvent)
    {
        ArgumentNullException.ThrowIfNull(chatEvent);
        return publisher.PublishAsync(topic, key, chatEvent);
    }

    public IAsyncEnumerable<TEvent> SubscribeAsync<TEvent>(string topic, string key, long? after, CancellationToken cancellationToken)
        where TEvent : ChatEvent
    {
        ChatBusValidationFilter.Check(topic, key, options.Value);
        if (after is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(after), after, "'after' is an event seq: 0 or more.");
        }

        // The silo's own client: subscribing works outside a grain's turn, as for the SSE routes.
        var streams = client.GetStreamProvider(streamProviderName);
        if (ChatBusTopics.LogReader(client, topic, key) is { } readEvents)
        {
            return OfType<TEvent>(ChatEventWatch.ReadAsync(streams, topic, key, after, readEvents, cancellationToken));
        }

        if (after is not null)
        {
            throw new ArgumentException($"Topic '{topic}' keeps no event log, so a subscription to it cannot start after event {after}: subscribe without 'after'.", nameof(after));
        }

        return OfType<TEvent>(LiveAsync(streams, topic, key, options.Value.SubscriberCapacity, cancellationToken));
    }

    private static async IAsyncEnumerable<ChatEvent> LiveAsync(IStreamProvider streams, string topic, string key, int capacity, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var subscription = await ChatEventSubscription.SubscribeAsync(streams, topic, key, capacity).WaitAsync(cancellationToken).ConfigureAwait(false);
        await using (subscription.ConfigureAwait(false))
        {
            while (await subscription.Events.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (subscription.Events.TryRead(out var chatEvent))
                {
                    yield return chatEvent;
                }
            }

            if (subscription.Overflowed)
            {
                // No log to catch up from: ending quietly would hide the events dropped for this subscriber.
                throw new InvalidOperationException($"The subscriber to {topic}/{key} fell {capacity} events behind and live-only topics keep no log: later events were dropped for it.");
            }
        }
    }

    private static async IAsyncEnumerable<TEvent> OfType<TEvent>(IAsyncEnumerable<ChatEvent> events)
        where TEvent : ChatEvent
    {
        await foreach (var chatEvent in events.ConfigureAwait(false))
        {
            if (chatEvent is TEvent typed)
            {
                yield return typed;
            }
        }
    }
}

using System.Runtime.CompilerServices;
using ChatDb.Grains.Events;
using Orleans.Streams;

namespace ChatDb.Client;

/// <summary>
/// Following one session's or panel's events from a cluster client: subscribe to the live stream first, then, from a
/// given event seq, read the event log up to its end, then the live events the log did not cover — the same order
/// the silo's SSE route keeps. A watch that falls <see cref="Capacity"/> events behind does not lose any: it
/// subscribes again and catches up from the log after the last event it yielded.
/// </summary>
internal static class ChatEventWatch
{
    /// <summary>Undelivered live events a watch may hold before it catches up from the log instead.</summary>
    public const int Capacity = 1_000;

    /// <summary>Events per page when reading the log.</summary>
    public const int PageSize = 500;

    /// <param name="streams">The client's chat stream provider.</param>
    /// <param name="streamNamespace">The stream's namespace (<see cref="ChatStreams"/>).</param>
    /// <param name="streamKey">The stream's key: the session's or panel's.</param>
    /// <param name="after">Null: the events after the log's end as the watch starts. A seq: every logged event after it first (0: from the start).</param>
    /// <param name="readEvents">Reads a page of the entity's event log (after, limit); fails for a missing entity.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    public static IAsyncEnumerable<ChatEvent> ReadAsync(
        IStreamProvider streams, string streamNamespace, string streamKey, long? after, Func<long, int, Task<ChatEventPage>> readEvents, CancellationToken cancellationToken) =>
        ReadAsync(() => ChatEventSubscription.SubscribeAsync(streams, streamNamespace, streamKey, Capacity), after, readEvents, cancellationToken);

    /// <summary>The watch over subscriptions from <paramref name="subscribe"/> (a test feeds detached ones).</summary>
    /// <param name="subscribe">Subscribes to the entity's live stream (again after an overflow).</param>
    /// <param name="after">As above.</param>
    /// <param name="readEvents">As above.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    public static async IAsyncEnumerable<ChatEvent> ReadAsync(
        Func<Task<ChatEventSubscription>> subscribe, long? after,
        Func<long, int, Task<ChatEventPage>> readEvents, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var from = after;
        while (true)
        {
            var last = from ?? 0;
            var subscription = await subscribe().WaitAsync(cancellationToken).ConfigureAwait(false);
            await using (subscription.ConfigureAwait(false))
            {
                // Also the existence check: a page of the log (one event when there is nothing to replay) needs the entity.
                var first = await readEvents(from ?? 0, from is null ? 1 : PageSize).WaitAsync(cancellationToken).ConfigureAwait(false);
                // From now: what the log held once the subscription was live counts as before the watch, even when the
                // stream still delivers some of it from its cache.
                long replayed = from is null ? first.LastEventSeq : 0;
                last = Math.Max(last, replayed);
                if (from is not null)
                {
                    await foreach (var page in ChatEventReplay.Pages(first, PageSize, readEvents).WithCancellation(cancellationToken).ConfigureAwait(false))
                    {
                        foreach (var chatEvent in page.Events)
                        {
                            last = Math.Max(last, chatEvent.EventSeq);
                            yield return chatEvent;
                        }

                        replayed = page.Next;
                    }
                }

                await foreach (var chatEvent in subscription.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (ChatEventReplay.Covers(replayed, chatEvent))
                    {
                        continue;
                    }

                    last = Math.Max(last, chatEvent.EventSeq);
                    yield return chatEvent;
                }

                if (!subscription.Overflowed)
                {
                    yield break;
                }
            }

            from = last;
        }
    }
}

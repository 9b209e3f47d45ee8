using System.Runtime.CompilerServices;
using Orleans.Streams;

namespace ChatDb.Grains.Events;

/// <summary>
/// Following one session's or panel's events wherever the cluster's chat stream provider is at hand (a chat server's
/// Orleans client, the silo's <c>IChatBus</c>): subscribe to the live stream first, then, from a
/// given event seq, read the event log up to its end, then the live events the log did not cover — the same order
/// the silo's SSE route keeps. Nothing is lost: a watch that falls <see cref="Capacity"/> events behind subscribes
/// again and catches up from the log after the last event it yielded; so does a watch whose stream skips event seqs
/// (events lost with a silo that died), and one that hears nothing for <see cref="GapCheckInterval"/> while the log
/// has moved on (a subscription whose pub/sub state died with its silo brings no more events).
/// </summary>
public static class ChatEventWatch
{
    /// <summary>Undelivered live events a watch may hold before it catches up from the log instead.</summary>
    public const int Capacity = 1_000;

    /// <summary>Events per page when reading the log.</summary>
    public const int PageSize = 500;

    /// <summary>How long a quiet watch waits before it asks the log whether the stream missed something (the silo's <c>Api:EventGapCheckSeconds</c> default).</summary>
    public static readonly TimeSpan GapCheckInterval = TimeSpan.FromSeconds(5);

    /// <param name="streams">The client's chat stream provider.</param>
    /// <param name="streamNamespace">The stream's namespace (<see cref="ChatStreams"/>).</param>
    /// <param name="streamKey">The stream's key: the session's or panel's.</param>
    /// <param name="after">Null: the events after the log's end as the watch starts. A seq: every logged event after it first (0: from the start).</param>
    /// <param name="readEvents">Reads a page of the entity's event log (after, limit); fails for a missing entity.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    public static IAsyncEnumerable<ChatEvent> ReadAsync(
        IStreamProvider streams, string streamNamespace, string streamKey, long? after, Func<long, int, Task<ChatEventPage>> readEvents, CancellationToken cancellationToken) =>
        ReadAsync(() => ChatEventSubscription.SubscribeAsync(streams, streamNamespace, streamKey, Capacity), after, readEvents, TimeProvider.System, cancellationToken);

    /// <summary>The watch over subscriptions from <paramref name="subscribe"/> (a test feeds detached ones and a fake clock).</summary>
    /// <param name="subscribe">Subscribes to the entity's live stream (again after an overflow or a gap).</param>
    /// <param name="after">As above.</param>
    /// <param name="readEvents">As above.</param>
    /// <param name="time">The clock of the quiet check.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    public static async IAsyncEnumerable<ChatEvent> ReadAsync(
        Func<Task<ChatEventSubscription>> subscribe, long? after,
        Func<long, int, Task<ChatEventPage>> readEvents, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
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

                // Live events until the subscription ends (overflow) or the log shows that it missed some.
                var missed = false;
                while (!missed)
                {
                    var wait = await WaitAsync(subscription, time, cancellationToken).ConfigureAwait(false);
                    if (wait == Wait.Ended)
                    {
                        break;
                    }

                    if (wait == Wait.Quiet)
                    {
                        missed = (await readEvents(last, 1).WaitAsync(cancellationToken).ConfigureAwait(false)).LastEventSeq > last;
                        continue;
                    }

                    while (!missed && subscription.Events.TryRead(out var chatEvent))
                    {
                        if (ChatEventReplay.Covers(Math.Max(replayed, last), chatEvent))
                        {
                            continue;
                        }

                        if (chatEvent.EventSeq > last + 1)
                        {
                            // The events in between went missing on the way: the log has them, and this one after them.
                            missed = true;
                            continue;
                        }

                        last = Math.Max(last, chatEvent.EventSeq);
                        yield return chatEvent;
                    }
                }

                if (!missed && !subscription.Overflowed)
                {
                    yield break;
                }
            }

            from = last;
        }
    }

    private enum Wait
    {
        Ready,
        Quiet,
        Ended,
    }

    /// <summary>Ready when a live event can be read; Ended when the subscription ended (overflow); Quiet after <see cref="GapCheckInterval"/> without one.</summary>
    private static async Task<Wait> WaitAsync(ChatEventSubscription subscription, TimeProvider time, CancellationToken cancellationToken)
    {
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = time.CreateTimer(static state => ((CancellationTokenSource)state!).Cancel(), quiet, GapCheckInterval, Timeout.InfiniteTimeSpan);
        try
        {
            return await subscription.Events.WaitToReadAsync(quiet.Token).ConfigureAwait(false) ? Wait.Ready : Wait.Ended;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Wait.Quiet;
        }
    }
}

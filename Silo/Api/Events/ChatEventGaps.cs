using ChatDb.Grains.Events;

namespace ChatDb.Silo.Api.Events;

/// <summary>
/// What an event-stream connection does about events the live stream did not bring (<c>Api:EventGapCheckSeconds</c>):
/// reads them from the entity's event log, which has every event, and subscribes again, since a subscription that lost
/// events (its silo's pub/sub state died with a silo, say) may bring no more.
/// </summary>
internal sealed class ChatEventGaps(
    Func<long, int, Task<ChatEventPage>> readEvents, int pageSize, TimeSpan checkInterval, TimeProvider time, Func<Task<ChatEventSubscription>> subscribe)
{
    /// <summary>Cancels <paramref name="quiet"/> after the check interval on the silo's clock.</summary>
    public ITimer StartCheckTimer(CancellationTokenSource quiet) =>
        time.CreateTimer(static state => ((CancellationTokenSource)state!).Cancel(), quiet, checkInterval, Timeout.InfiniteTimeSpan);

    /// <summary>
    /// Writes the logged events after <paramref name="sent"/> up to <paramref name="upTo"/>, in order; returns the last
    /// seq written (or <paramref name="sent"/>) and whether there were any, that is, whether the stream missed them.
    /// </summary>
    public async Task<(long Sent, bool Missed)> FillAsync(
        Stream body, long sent, long upTo, Func<Stream, ChatEvent, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var missed = false;
        while (sent < upTo)
        {
            var page = await readEvents(sent, pageSize).ConfigureAwait(false);
            var wrote = false;
            foreach (var chatEvent in page.Events.Where(e => e.EventSeq > sent && e.EventSeq <= upTo))
            {
                await write(body, chatEvent, cancellationToken).ConfigureAwait(false);
                sent = chatEvent.EventSeq;
                missed = wrote = true;
            }

            if (!wrote || page.Next >= page.LastEventSeq)
            {
                break;
            }
        }

        await body.FlushAsync(cancellationToken).ConfigureAwait(false);
        return (sent, missed);
    }

    /// <summary>A new subscription in place of <paramref name="old"/>, which is disposed.</summary>
    public async Task<ChatEventSubscription> ResubscribeAsync(ChatEventSubscription old)
    {
        var fresh = await subscribe().ConfigureAwait(false);
        await old.DisposeAsync().ConfigureAwait(false);
        return fresh;
    }
}

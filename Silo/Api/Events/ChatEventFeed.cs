using System.Globalization;
using ChatDb.Grains.Events;
using ChatDb.Storage;
using Orleans;

namespace ChatDb.Silo.Api.Events;

/// <summary>
/// The event stream of one session or panel as a client sees it, with replay: subscribe to the live stream first,
/// then, for a <c>Last-Event-ID</c>, page through the entity's event log from after that id
/// (<see cref="ChatDbApiOptions.EventReplayPageSize"/> events a page) up to its end, then the live events whose
/// seq is beyond the last one replayed. An event appended before the subscription is in the log; one appended after
/// it is on the stream; one in both is sent once. Nothing is written before the subscription, the entity and the id
/// are checked, so those failures are ordinary error responses.
/// </summary>
internal static class ChatEventFeed
{
    public const string LastEventIdHeader = "Last-Event-ID";

    /// <summary>Serves the stream; <paramref name="readEvents"/> reads a page of the entity's event log (after, limit) and throws NotFoundError for a missing entity.</summary>
    public static async Task ServeAsync(
        HttpContext context, ChatDbApiOptions options, string streamNamespace, string streamKey, Func<long, int, Task<ChatEventPage>> readEvents)
    {
        var lastEventId = LastEventId(context.Request);
        var streams = context.RequestServices.GetRequiredService<IClusterClient>().GetStreamProvider(options.EventStreamProviderName);
        Task<ChatEventSubscription> SubscribeAsync() => ChatEventSubscription.SubscribeAsync(streams, streamNamespace, streamKey, options.EventSubscriberCapacity);
        var subscription = await SubscribeAsync();
        try
        {
            // Also the existence check: a page of the log (empty when there is no id) needs the entity.
            var first = await readEvents(lastEventId ?? 0, lastEventId is null ? 1 : options.EventReplayPageSize);
            var replay = lastEventId is null ? null : ChatEventReplay.Pages(first, options.EventReplayPageSize, readEvents);
            var gaps = options.EventGapCheckSeconds == 0
                ? null
                : new ChatEventGaps(readEvents, options.EventReplayPageSize, TimeSpan.FromSeconds(options.EventGapCheckSeconds),
                    context.RequestServices.GetRequiredService<TimeProvider>(), SubscribeAsync);

            // Without Last-Event-ID the client gets the events from now on: the log's end as the first read saw it.
            subscription = await ServerSentEventWriter.WriteAsync(context, subscription, replay, lastEventId ?? first.LastEventSeq, gaps);
        }
        finally
        {
            await subscription.DisposeAsync();
        }
    }

    /// <summary>The <c>Last-Event-ID</c> header: absent, or a non-negative integer; anything else is a ValidationError.</summary>
    public static long? LastEventId(HttpRequest request)
    {
        var values = request.Headers[LastEventIdHeader];
        if (values.Count == 0)
        {
            return null;
        }

        var text = values.Count == 1 ? values[0] : null;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new ValidationError(
                $"header '{LastEventIdHeader}' must be one event seq of this stream, a non-negative integer such as 0 (from the start), not '{Shown(values.ToString())}' (rule: last-event-id-is-seq).");
    }

    private static string Shown(string text) => text.Length <= 40 ? text : text[..40] + "...";
}

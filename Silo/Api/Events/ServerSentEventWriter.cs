using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatDb.Grains.Events;
using ChatDb.Grains.Serialization;
using ChatDb.Silo.Api.Errors;
using ChatDb.Silo.Api.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ChatDb.Silo.Api.Events;

/// <summary>
/// Writes one subscription as <c>text/event-stream</c>: a comment once the subscription is live (so a client knows
/// events from now on will reach it), the replayed pages if any, then the live events. Every event is an
/// <c>id:</c> line with its event seq and one <c>data:</c> line of JSON, the event's <c>kind</c> inside; the JSON
/// is written without indentation, so it never spans lines. A live event whose seq the replay covered is skipped.
/// When the subscription overflowed (the client read too slowly), a last event named <c>overflow</c> carries the
/// error body and the response ends. The response also ends, without an error, when the silo starts stopping.
/// </summary>
internal static class ServerSentEventWriter
{
    public const string OverflowEvent = "overflow";

    private static readonly byte[] IdPrefix = "id: "u8.ToArray();
    private static readonly byte[] DataPrefix = "\ndata: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    /// <summary>Starts a <c>text/event-stream</c> response: 200, never cached, never buffered by the server or a proxy.</summary>
    public static void Begin(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ApiContentTypes.EventStream;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    /// <summary>
    /// Writes one event and flushes it: an <c>id:</c> line when <paramref name="id"/> is given, an <c>event:</c> line when
    /// <paramref name="eventName"/> is, and one <c>data:</c> line of unindented JSON.
    /// </summary>
    public static async Task WriteJsonEventAsync<T>(Stream body, long? id, string? eventName, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        if (id is { } seq)
        {
            head.Append("id: ").Append(seq.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        if (eventName is not null)
        {
            head.Append("event: ").Append(eventName).Append('\n');
        }

        head.Append("data: ");
        await body.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);
        await JsonSerializer.SerializeAsync(body, value, typeInfo, cancellationToken).ConfigureAwait(false);
        await body.WriteAsync(EventEnd, cancellationToken).ConfigureAwait(false);
        await body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the replay, then the live events after <paramref name="sent"/> (the last seq the client has); with
    /// <paramref name="gaps"/>, events the stream lost are read from the log (<see cref="ChatEventGaps"/>). Returns the
    /// subscription in use at the end (a new one after a resubscription), which the caller disposes.
    /// </summary>
    public static async Task<ChatEventSubscription> WriteAsync(
        HttpContext context, ChatEventSubscription subscription, IAsyncEnumerable<ChatEventPage>? replay, long sent, ChatEventGaps? gaps)
    {
        var response = context.Response;

        // The stream ends when the client goes away or this silo starts stopping (SIGTERM): an open stream would hold
        // the stop until the host's shutdown timeout, and the client reconnects with Last-Event-ID to another silo.
        var stopping = context.RequestServices?.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var cancellationToken = ended.Token;
        Begin(context);

        await response.WriteAsync(": subscribed\n\n", cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (replay is not null)
            {
                await foreach (var page in replay.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    foreach (var chatEvent in page.Events)
                    {
                        await WriteEventAsync(response.Body, chatEvent, cancellationToken).ConfigureAwait(false);
                    }

                    await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                    sent = Math.Max(sent, page.Next);
                }
            }

            while (true)
            {
                if (!await WaitForLiveAsync(subscription, gaps, cancellationToken).ConfigureAwait(false))
                {
                    if (subscription.Overflowed || gaps is null)
                    {
                        break;
                    }

                    // Quiet for the whole check interval: whatever the log has beyond what was sent, the stream lost.
                    var (filled, missed) = await gaps.FillAsync(response.Body, sent, long.MaxValue, WriteEventAsync, cancellationToken).ConfigureAwait(false);
                    sent = filled;
                    if (missed)
                    {
                        subscription = await gaps.ResubscribeAsync(subscription).ConfigureAwait(false);
                    }

                    continue;
                }

                while (subscription.Events.TryRead(out var chatEvent))
                {
                    if (chatEvent.EventSeq == 0)
                    {
                        await WriteEventAsync(response.Body, chatEvent, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    if (chatEvent.EventSeq > sent + 1 && gaps is not null)
                    {
                        (sent, _) = await gaps.FillAsync(response.Body, sent, chatEvent.EventSeq - 1, WriteEventAsync, cancellationToken).ConfigureAwait(false);
                    }

                    if (chatEvent.EventSeq <= sent)
                    {
                        continue;
                    }

                    await WriteEventAsync(response.Body, chatEvent, cancellationToken).ConfigureAwait(false);
                    sent = chatEvent.EventSeq;
                }

                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            if (subscription.Overflowed)
            {
                await WriteOverflowAsync(response.Body, subscription.Capacity, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client disconnected, or the silo is stopping: the normal end of an event stream.
        }

        return subscription;
    }

    /// <summary>
    /// True when a live event is ready; false when the subscription ended (overflow) or, with <paramref name="gaps"/>,
    /// nothing came within its check interval.
    /// </summary>
    private static async Task<bool> WaitForLiveAsync(ChatEventSubscription subscription, ChatEventGaps? gaps, CancellationToken cancellationToken)
    {
        if (gaps is null)
        {
            return await subscription.Events.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }

        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = gaps.StartCheckTimer(quiet);
        try
        {
            return await subscription.Events.WaitToReadAsync(quiet.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    internal static async Task WriteEventAsync(Stream body, ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        await body.WriteAsync(IdPrefix, cancellationToken).ConfigureAwait(false);
        await body.WriteAsync(Encoding.ASCII.GetBytes(chatEvent.EventSeq.ToString(CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false);
        await body.WriteAsync(DataPrefix, cancellationToken).ConfigureAwait(false);
        await JsonSerializer.SerializeAsync(body, chatEvent, ChatDbJsonContext.Default.ChatEvent, cancellationToken).ConfigureAwait(false);
        await body.WriteAsync(EventEnd, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteOverflowAsync(Stream body, int capacity, CancellationToken cancellationToken)
    {
        var error = new ApiError(OverflowEvent, string.Create(CultureInfo.InvariantCulture,
            $"this connection fell {capacity} events behind ({ChatDbApiOptions.SectionName}:{nameof(ChatDbApiOptions.EventSubscriberCapacity)}) and is closed; reconnect with Last-Event-ID set to the last id received to catch up from the event log."));
        var text = "event: " + OverflowEvent + "\ndata: " + JsonSerializer.Serialize(error, ApiJsonContext.Default.ApiError) + "\n\n";
        await body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        await body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}

using System.Text.Json;
using ChatDb.Grains.Serialization;
using ChatDb.Silo.Api.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ChatDb.Silo.Api.Events;

/// <summary>
/// Writes one subscription as <c>text/event-stream</c>: a comment once the subscription is live (so a
/// client knows events from now on will reach it), then one <c>data:</c> line of JSON per event, the
/// event's <c>kind</c> inside. The JSON is written without indentation, so it never spans lines.
/// </summary>
internal static class ServerSentEventWriter
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    public static async Task WriteAsync(HttpContext context, ChatEventSubscription subscription)
    {
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ApiContentTypes.EventStream;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        await response.WriteAsync(": subscribed\n\n", cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var chatEvent in subscription.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await response.Body.WriteAsync(DataPrefix, cancellationToken).ConfigureAwait(false);
                await JsonSerializer.SerializeAsync(response.Body, chatEvent, ChatDbJsonContext.Default.ChatEvent, cancellationToken).ConfigureAwait(false);
                await response.Body.WriteAsync(EventEnd, cancellationToken).ConfigureAwait(false);
                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            if (subscription.Overflowed)
            {
                await response.WriteAsync(": too far behind; reconnect\n\n", cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client disconnected: the normal end of an event stream.
        }
    }
}

using ChatDb.Grains.Events;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ChatDb.Grains.Serialization;
using ChatDb.Storage;

namespace ChatDb.Client;

public sealed partial class ChatDbRestClient
{
    // === Event logs ===

    /// <summary>The SSE event type that ends a connection which fell behind (docs/API.md, "Events").</summary>
    private const string OverflowEvent = "overflow";

    public Task<ChatEventPage> ReadSessionEventsAsync(string userId, string sessionId, long after = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, new QueryString(Session(userId, sessionId) + "/events/log").Add("after", after).Add("limit", limit).ToString(), content: null,
            ChatDbJsonContext.Default.ChatEventPage, cancellationToken);

    public Task<ChatEventPage> ReadPanelEventsAsync(string panelId, long after = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, new QueryString(Panel(panelId) + "/events/log").Add("after", after).Add("limit", limit).ToString(), content: null,
            ChatDbJsonContext.Default.ChatEventPage, cancellationToken);

    public IAsyncEnumerable<ChatEvent> WatchSessionEventsAsync(string userId, string sessionId, long? after = null, CancellationToken cancellationToken = default) =>
        WatchAsync(Session(userId, sessionId) + "/events", after, cancellationToken);

    public IAsyncEnumerable<ChatEvent> WatchPanelEventsAsync(string panelId, long? after = null, CancellationToken cancellationToken = default) =>
        WatchAsync(Panel(panelId) + "/events", after, cancellationToken);

    private Task<ChatEventPage> ReadEventsPageAsync(string logPath, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, new QueryString(logPath).Add("after", 0).Add("limit", 1).ToString(), content: null,
            ChatDbJsonContext.Default.ChatEventPage, cancellationToken);

    /// <summary>
    /// Reads the SSE route <paramref name="path"/>. The silo closes a connection that falls behind with an
    /// <c>overflow</c> event; the watch then reconnects with <c>Last-Event-ID</c> set to the last event read, so the
    /// log fills the gap. When the silo ends the response otherwise (it stopped), the watch ends: resume it with the
    /// last event's seq.
    /// </summary>
    private async IAsyncEnumerable<ChatEvent> WatchAsync(string path, long? after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (after is < 0)
        {
            throw new ValidationError($"after must be an event seq, 0 or more, not {after} (rule: after-is-seq).");
        }

        // From now: after the log's end as the watch starts (the SSE route without Last-Event-ID may still send a few
        // events from its stream's cache that were published just before).
        var from = after ?? (await ReadEventsPageAsync(path + "/log", cancellationToken).ConfigureAwait(false)).LastEventSeq;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("text/event-stream");
            request.Headers.Add("Last-Event-ID", from.ToString(CultureInfo.InvariantCulture));

            using var response = (await SendAsync(request, nullOnNotFound: false, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false))!;
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var overflowed = false;
            await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                if (item.EventType == OverflowEvent)
                {
                    overflowed = true;
                    break;
                }

                var chatEvent = JsonSerializer.Deserialize(item.Data, ChatDbJsonContext.Default.ChatEvent)
                    ?? throw new StorageError($"GET /{path} sent an event that is JSON null.");
                from = Math.Max(from, chatEvent.EventSeq);
                yield return chatEvent;
            }

            if (!overflowed)
            {
                yield break;
            }
        }
    }
}

using System.Net;
using System.Text.Json;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class EventStreamTests(ApiServer server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SessionEvents_DeliverAMessageAddedEvent_AsOneDataLineOfJson()
    {
        var session = await server.Http.CreateSessionAsync(ApiCalls.NewUserId());
        using var timeout = new CancellationTokenSource(Wait);
        using var response = await server.Http.GetAsync(ApiCalls.PathOf(session) + "/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal(": subscribed", await ReadLineAsync(reader, "the subscription comment", Stream(session), timeout.Token));

        var added = await server.Http.AddMessageAsync(session, "hello stream");

        // The session's own session_created event may still be in the stream's queue cache when the subscription
        // starts, and then arrives first (docs/API.md, events); nothing else precedes the message.
        JsonDocument json;
        while (true)
        {
            var line = await ReadLineAsync(reader, "a data line after adding a message", Stream(session), timeout.Token);
            if (line.Length == 0 || line.StartsWith("id: ", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.StartsWith("data: ", line, StringComparison.Ordinal);
            json = JsonDocument.Parse(line["data: ".Length..]);
            if (json.RootElement.GetProperty("kind").GetString() != "session_created")
            {
                break;
            }

            json.Dispose();
        }

        using var _ = json;
        var root = json.RootElement;
        Assert.Equal("message_added", root.GetProperty("kind").GetString());
        Assert.Equal(session.Id, root.GetProperty("sessionId").GetString());
        Assert.Equal(added.Id, root.GetProperty("message").GetProperty("id").GetString());
        Assert.Equal("hello stream", root.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(string.Empty, await ReadLineAsync(reader, "the blank line ending the event", Stream(session), timeout.Token));
    }

    [Fact]
    public async Task SessionEvents_OfAnotherSession_AreNotDelivered()
    {
        var watched = await server.Http.CreateSessionAsync(ApiCalls.NewUserId());
        var other = await server.Http.CreateSessionAsync(ApiCalls.NewUserId());
        using var timeout = new CancellationTokenSource(Wait);
        using var response = await server.Http.GetAsync(ApiCalls.PathOf(watched) + "/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        await ReadLineAsync(reader, "the subscription comment", Stream(watched), timeout.Token);

        await server.Http.AddMessageAsync(other, "elsewhere");
        await server.Http.AddMessageAsync(watched, "here");

        string line;
        do
        {
            line = await ReadLineAsync(reader, "the watched session's event", Stream(watched), timeout.Token);
        }
        while (!line.StartsWith("data: ", StringComparison.Ordinal) || line.Contains("\"kind\":\"session_created\"", StringComparison.Ordinal));

        Assert.Contains("\"content\":\"here\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconnect_WithLastEventId_ReplaysWhatWasMissedFromTheLog_ThenLiveEvents_WithNoGapAndNoDuplicate()
    {
        var session = await server.Http.CreateSessionAsync(ApiCalls.NewUserId());
        await server.Http.AddMessageAsync(session, "one");
        await server.Http.AddMessageAsync(session, "two");
        await server.Http.AddMessageAsync(session, "three");
        using var timeout = new CancellationTokenSource(Wait);
        using var request = new HttpRequestMessage(HttpMethod.Get, ApiCalls.PathOf(session) + "/events");
        request.Headers.Add("Last-Event-ID", "2");
        using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal(": subscribed", await ReadLineAsync(reader, "the subscription comment", Stream(session), timeout.Token));

        var replayed = new[] { await ReadEventAsync(reader, Stream(session), timeout.Token), await ReadEventAsync(reader, Stream(session), timeout.Token) };
        await server.Http.AddMessageAsync(session, "four");
        var live = await ReadEventAsync(reader, Stream(session), timeout.Token);

        // Event 1 is session_created, 2 the first message: after id 2 come messages two and three, then four, live.
        Assert.Equal([3L, 4, 5], new[] { replayed[0].Id, replayed[1].Id, live.Id });
        Assert.Equal(["two", "three", "four"], new[] { replayed[0], replayed[1], live }.Select(e => e.Json.GetProperty("message").GetProperty("content").GetString()));
        Assert.Equal(5, live.Json.GetProperty("eventSeq").GetInt64());
    }

    [Fact]
    public async Task LastEventId_Zero_ReplaysTheWholeLog_OfAPanelToo()
    {
        var created = await server.Http.PostJsonAsync("/panels", new { type = "team", personas = new[] { "analyst" } });
        var panelId = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        (await server.Http.PostJsonAsync($"/panels/{panelId}/messages", new { role = "analyst", content = "p1" })).EnsureSuccessStatusCode();
        using var timeout = new CancellationTokenSource(Wait);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/panels/{panelId}/events");
        request.Headers.Add("Last-Event-ID", "0");
        using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var panel = "panel " + panelId;
        await ReadLineAsync(reader, "the subscription comment", panel, timeout.Token);

        var first = await ReadEventAsync(reader, panel, timeout.Token);
        var second = await ReadEventAsync(reader, panel, timeout.Token);

        Assert.Equal((1L, "panel_created"), (first.Id, first.Json.GetProperty("kind").GetString()));
        Assert.Equal((2L, "panel_message_added"), (second.Id, second.Json.GetProperty("kind").GetString()));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("99")]
    public async Task LastEventId_ThatIsNotAnEventSeqOfTheStream_IsA400WithTheErrorBody(string lastEventId)
    {
        var session = await server.Http.CreateSessionAsync(ApiCalls.NewUserId());
        using var request = new HttpRequestMessage(HttpMethod.Get, ApiCalls.PathOf(session) + "/events");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);

        using var response = await server.Http.SendAsync(request);

        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains(lastEventId == "99" ? "event seq 99" : "Last-Event-ID", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventLogRoute_ReturnsAPageOfStoredEvents_AndRefusesAnAfterBeyondTheEnd()
    {
        var session = await server.Http.CreateSessionAsync(ApiCalls.NewUserId());
        await server.Http.AddMessageAsync(session, "one");
        await server.Http.AddMessageAsync(session, "two");

        var page = await (await server.Http.GetAsync(ApiCalls.PathOf(session) + "/events/log?after=1&limit=1")).ReadJsonAsync();
        var all = await (await server.Http.GetAsync(ApiCalls.PathOf(session) + "/events/log")).ReadJsonAsync();

        var only = Assert.Single(page.GetProperty("events").EnumerateArray());
        Assert.Equal(("message_added", 2L, "one"), (only.GetProperty("kind").GetString(), only.GetProperty("eventSeq").GetInt64(), only.GetProperty("message").GetProperty("content").GetString()));
        Assert.Equal((2L, 3L), (page.GetProperty("next").GetInt64(), page.GetProperty("lastEventSeq").GetInt64()));
        Assert.Equal(3, all.GetProperty("events").GetArrayLength());
        await (await server.Http.GetAsync(ApiCalls.PathOf(session) + "/events/log?after=4")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
    }

    private static async Task<(long Id, JsonElement Json)> ReadEventAsync(StreamReader reader, string stream, CancellationToken cancellationToken)
    {
        string line;
        do
        {
            line = await ReadLineAsync(reader, "an event's id line", stream, cancellationToken);
        }
        while (line.Length == 0);

        Assert.StartsWith("id: ", line, StringComparison.Ordinal);
        var id = long.Parse(line["id: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var data = await ReadLineAsync(reader, $"the data line of event {id}", stream, cancellationToken);
        Assert.StartsWith("data: ", data, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(data["data: ".Length..]);
        return (id, json.RootElement.Clone());
    }

    private static async Task<string> ReadLineAsync(StreamReader reader, string what, string stream, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken) ?? throw new InvalidOperationException($"the event stream of {stream} ended before {what}");
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Timed out after {Wait} waiting for {what} on the event stream of {stream}.");
        }
    }

    private static string Stream(ChatSession session) => $"session {session.Id} of user {session.UserId}";
}

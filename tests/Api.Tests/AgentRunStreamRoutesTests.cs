using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Api.Tests;

/// <summary>Runs that answer before they end: wait false (202), stream true (server-sent deltas), and the live trace route.</summary>
[Collection(ApiCollection.Name)]
public sealed class AgentRunStreamRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    private async Task<(string UserId, string SessionId)> AgentWithSessionAsync()
    {
        var userId = ApiCalls.NewUserId();
        (await _http.PutJsonAsync($"/users/{userId}/agents/guide", new { instructions = "You guide." })).EnsureSuccessStatusCode();
        return (userId, (await _http.CreateSessionAsync(userId)).Id);
    }

    /// <summary>The whole event stream (it ends with the run), as (event type, id, data).</summary>
    private static async Task<List<SseItem<string>>> ReadEventsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var items = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync(timeout.Token)).EnumerateAsync(timeout.Token))
        {
            items.Add(item);
        }

        return items;
    }

    private Task<HttpResponseMessage> GetStreamAsync(string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        return _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    [Fact]
    public async Task PostRun_WithWaitFalse_Is202Queued_AndTheRunEndsOnItsOwn()
    {
        var (userId, sessionId) = await AgentWithSessionAsync();

        var response = await _http.PostJsonAsync($"/users/{userId}/agents/guide/runs", new { sessionId, input = "Where is the old town?", wait = false });
        var queued = await response.ReadAsync<AgentRun>(HttpStatusCode.Accepted);
        var location = response.Headers.Location?.OriginalString;
        var trace = await ReadEventsAsync(await GetStreamAsync(location + "/events"));
        var ended = await (await _http.GetAsync(location)).ReadAsync<AgentRun>();

        Assert.Equal(AgentRunStatuses.Queued, queued.Status);
        Assert.Equal($"/users/{userId}/agents/guide/runs/{queued.Id}", location);
        Assert.Equal(AgentTraceKinds.RunFinished, JsonSerializer.Deserialize(trace[^1].Data, AgentJsonContext.Default.AgentTraceEvent)!.Kind);
        Assert.Equal((AgentRunStatuses.Succeeded, "You said: Where is the old town?"), (ended.Status, ended.Message!.Content));
    }

    [Fact]
    public async Task PostRun_WithStreamTrue_SendsDeltasThenTheRun_AndAppendsOneAnswer()
    {
        var (userId, sessionId) = await AgentWithSessionAsync();

        var response = await _http.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, $"/users/{userId}/agents/guide/runs")
            {
                Content = JsonContent(new { sessionId, input = "Any quiet cafes near the harbour?", stream = true }),
            },
            HttpCompletionOption.ResponseHeadersRead);
        var events = await ReadEventsAsync(response);

        var deltas = events.Where(e => e.EventType == "delta").Select(e => JsonSerializer.Deserialize(e.Data, AgentJsonContext.Default.AgentRunUpdate)!).ToList();
        Assert.Equal("run", events[^1].EventType);
        Assert.Single(events, e => e.EventType == "run");
        var run = JsonSerializer.Deserialize(events[^1].Data, AgentJsonContext.Default.AgentRun)!;
        Assert.True(deltas.Count > 3, $"{deltas.Count} deltas");
        Assert.All(deltas, d => Assert.Equal(AgentRunUpdateKinds.Delta, d.Kind));
        Assert.Equal("You said: Any quiet cafes near the harbour?", string.Concat(deltas.Select(d => d.Text)));
        Assert.Equal((AgentRunStatuses.Succeeded, string.Concat(deltas.Select(d => d.Text))), (run.Status, run.Message!.Content));
        Assert.Equal($"/users/{userId}/agents/guide/runs/{run.Id}", response.Headers.Location?.OriginalString);
        var messages = await (await _http.GetAsync($"/users/{userId}/sessions/{sessionId}/messages")).ReadAsync<List<ChatMessage>>();
        Assert.Equal(["user", "assistant"], messages.Select(m => m.Role));
    }

    [Fact]
    public async Task PostRun_WithStreamTrue_OnAMissingSession_IsAnOrdinary404()
    {
        var (userId, _) = await AgentWithSessionAsync();

        var response = await _http.PostJsonAsync($"/users/{userId}/agents/guide/runs", new { sessionId = "chat_session_20260101_000000_000000", input = "hi", stream = true });

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task RunEvents_ReplayTheTraceWithSeqIds_ResumeAfterLastEventId_AndEndWithTheRun()
    {
        var (userId, sessionId) = await AgentWithSessionAsync();
        var run = await (await _http.PostJsonAsync($"/users/{userId}/agents/guide/runs", new { sessionId, input = "hello" })).ReadAsync<AgentRun>(HttpStatusCode.Created);
        var path = $"/users/{userId}/agents/guide/runs/{run.Id}";
        var stored = await (await _http.GetAsync(path + "/trace")).ReadAsync<List<AgentTraceEvent>>();

        var all = await ReadEventsAsync(await GetStreamAsync(path + "/events"));
        var resumed = await ReadEventsAsync(await GetStreamAsync(path + "/events", "2"));

        Assert.Equal(stored.Select(e => e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture)), all.Select(e => e.EventId));
        Assert.Equal(stored.Select(e => e.Kind), all.Select(e => JsonSerializer.Deserialize(e.Data, AgentJsonContext.Default.AgentTraceEvent)!.Kind));
        Assert.Equal(stored.Skip(2).Select(e => e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture)), resumed.Select(e => e.EventId));
        await (await GetStreamAsync($"/users/{userId}/agents/guide/runs/run_00000000000000000000000000000000/events")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        var bad = await (await GetStreamAsync(path + "/events", "soon")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("last-event-id-is-seq", bad, StringComparison.Ordinal);
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}

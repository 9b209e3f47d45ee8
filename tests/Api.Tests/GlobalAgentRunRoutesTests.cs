using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Api.Tests;

/// <summary>A user runs a global agent: the same answers as for the user's own agent (201, 202 with wait false, SSE with stream true).</summary>
[Collection(ApiCollection.Name)]
public sealed class GlobalAgentRunRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    private async Task<(string UserId, string AgentId, string SessionId)> GlobalAgentWithSessionAsync()
    {
        var agentId = "guide" + Guid.NewGuid().ToString("N")[..8];
        (await _http.PutJsonAsync($"/agents/{agentId}", new { instructions = "You guide." })).EnsureSuccessStatusCode();
        var userId = ApiCalls.NewUserId();
        return (userId, agentId, (await _http.CreateSessionAsync(userId)).Id);
    }

    private static async Task<List<SseItem<string>>> ReadEventsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var items = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync(timeout.Token)).EnumerateAsync(timeout.Token))
        {
            items.Add(item);
        }

        return items;
    }

    [Fact]
    public async Task PostRun_Is201_WithALocationUnderGlobalAgents_AndTheSessionGetsTheAnswer()
    {
        var (userId, agentId, sessionId) = await GlobalAgentWithSessionAsync();

        var response = await _http.PostJsonAsync($"/users/{userId}/global-agents/{agentId}/runs", new { sessionId, input = "Where is the museum?" });
        var run = await response.ReadAsync<AgentRun>(HttpStatusCode.Created);

        Assert.Equal($"/users/{userId}/global-agents/{agentId}/runs/{run.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal((AgentRunStatuses.Succeeded, true, userId), (run.Status, run.GlobalAgent, run.UserId));
        var messages = await (await _http.GetAsync($"/users/{userId}/sessions/{sessionId}/messages")).ReadAsync<List<ChatMessage>>();
        Assert.Equal(["user", "assistant"], messages.Select(m => m.Role));
        // The global agent itself lists no runs of users, and the user's own agent route does not know the run.
        await (await _http.GetAsync($"/users/{userId}/agents/{agentId}/runs/{run.Id}")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task PostRun_WithWaitFalse_Is202_AndTheLiveTraceEndsWithTheRun()
    {
        var (userId, agentId, sessionId) = await GlobalAgentWithSessionAsync();

        var response = await _http.PostJsonAsync($"/users/{userId}/global-agents/{agentId}/runs", new { sessionId, input = "hi", wait = false });
        var queued = await response.ReadAsync<AgentRun>(HttpStatusCode.Accepted);
        var location = response.Headers.Location?.OriginalString;
        var trace = await ReadEventsAsync(await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, location + "/events"), HttpCompletionOption.ResponseHeadersRead));

        Assert.Equal(AgentRunStatuses.Queued, queued.Status);
        Assert.Equal($"/users/{userId}/global-agents/{agentId}/runs/{queued.Id}", location);
        Assert.Equal(AgentTraceKinds.RunFinished, JsonSerializer.Deserialize(trace[^1].Data, AgentJsonContext.Default.AgentTraceEvent)!.Kind);
    }

    [Fact]
    public async Task PostRun_WithStreamTrue_SendsDeltasThenTheRun()
    {
        var (userId, agentId, sessionId) = await GlobalAgentWithSessionAsync();

        var request = new HttpRequestMessage(HttpMethod.Post, $"/users/{userId}/global-agents/{agentId}/runs")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { sessionId, input = "tell me", stream = true }), System.Text.Encoding.UTF8, "application/json"),
        };
        var events = await ReadEventsAsync(await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead));

        Assert.Contains(events, e => e.EventType == AgentRunUpdateKinds.Delta);
        var run = JsonSerializer.Deserialize(events[^1].Data, AgentJsonContext.Default.AgentRun)!;
        Assert.Equal((AgentRunUpdateKinds.Run, AgentRunStatuses.Succeeded, true), (events[^1].EventType, run.Status, run.GlobalAgent));
    }

    [Fact]
    public async Task Runs_OfAMissingGlobalAgentOrRun_Are404()
    {
        var (userId, agentId, sessionId) = await GlobalAgentWithSessionAsync();

        var missingAgent = await (await _http.PostJsonAsync($"/users/{userId}/global-agents/nobody/runs", new { sessionId, input = "hi" }))
            .AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.GetAsync($"/users/{userId}/global-agents/{agentId}/runs/run_00000000000000000000000000000000"))
            .AssertErrorAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Contains("global agent nobody", missingAgent, StringComparison.Ordinal);
        Assert.Equal("[]", (await (await _http.GetAsync($"/users/{userId}/global-agents/{agentId}/runs")).Content.ReadAsStringAsync()).Trim());
    }
}

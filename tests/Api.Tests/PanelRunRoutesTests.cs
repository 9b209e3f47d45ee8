using System.Net;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

/// <summary><c>/panels/{p}/runs</c>: a run among the panel's agents on the offline model, its trace, its events, cancel and resume.</summary>
[Collection(ApiCollection.Name)]
public sealed class PanelRunRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    private async Task<(string UserId, Panel Panel)> PanelAsync()
    {
        var userId = "u" + Guid.NewGuid().ToString("N")[..12];
        foreach (var agent in (string[])["planner", "critic"])
        {
            (await _http.PutJsonAsync($"/users/{userId}/agents/{agent}", new { instructions = $"You are the {agent}." })).EnsureSuccessStatusCode();
        }

        var panel = await (await _http.PostJsonAsync("/panels", new
        {
            type = "debate",
            agents = new[] { new { userId, agentId = "planner" }, new { userId, agentId = "critic" } },
        })).ReadAsync<Panel>(HttpStatusCode.Created);
        return (userId, panel);
    }

    [Fact]
    public async Task ARoundRobinRun_Answers201_WithItsTurns_ItsTraceAndItsEvents()
    {
        var (userId, panel) = await PanelAsync();

        var response = await _http.PostJsonAsync($"/panels/{panel.Id}/runs", new { input = "Lisbon or Porto?", strategy = "round_robin", maxTurns = 3 });
        var run = await response.ReadAsync<PanelRun>(HttpStatusCode.Created);

        Assert.Equal($"/panels/{panel.Id}/runs/{run.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("succeeded", "max_turns"), (run.Status, run.StopReason));
        Assert.Equal([$"{userId}/planner", $"{userId}/critic", $"{userId}/planner"], run.Turns.Select(t => t.Role));
        var messages = await (await _http.GetAsync($"/panels/{panel.Id}/messages")).ReadAsync<List<ChatMessage>>();
        Assert.Equal(["user", .. run.Turns.Select(t => t.Role)], messages.Select(m => m.Role));
        Assert.Equal(run.Id, (await (await _http.GetAsync($"/panels/{panel.Id}/runs/{run.Id}")).ReadAsync<PanelRun>()).Id);
        Assert.Equal([run.Id], (await (await _http.GetAsync($"/panels/{panel.Id}/runs")).ReadAsync<List<PanelRun>>()).Select(r => r.Id));
        var trace = await (await _http.GetAsync($"/panels/{panel.Id}/runs/{run.Id}/trace")).ReadAsync<List<PanelTraceEvent>>();
        Assert.Equal(3, trace.Count(e => e.Kind == "speaker_selected"));

        using var events = new HttpRequestMessage(HttpMethod.Get, $"/panels/{panel.Id}/runs/{run.Id}/events");
        events.Headers.Add("Last-Event-ID", "2");
        var stream = await _http.SendAsync(events);
        var body = await stream.Content.ReadAsStringAsync();
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("id: 2\n", body, StringComparison.Ordinal);
        Assert.Contains("id: 3\n", body, StringComparison.Ordinal);
        Assert.Contains($"id: {trace[^1].Seq}\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitFalse_Answers202Queued_AndTheRunEndsOnItsOwn_WhileResumeOfAnEndedRunIs409()
    {
        var (_, panel) = await PanelAsync();

        var response = await _http.PostJsonAsync($"/panels/{panel.Id}/runs", new { input = "Go?", strategy = "round_robin", maxTurns = 2, wait = false });
        var queued = await response.ReadAsync<PanelRun>(HttpStatusCode.Accepted);
        await (await _http.GetAsync($"/panels/{panel.Id}/runs/{queued.Id}/events")).Content.ReadAsStringAsync();
        var ended = await (await _http.GetAsync($"/panels/{panel.Id}/runs/{queued.Id}")).ReadAsync<PanelRun>();

        Assert.Equal("queued", queued.Status);
        Assert.Equal(("succeeded", 2), (ended.Status, ended.Turns.Count));
        Assert.Equal(HttpStatusCode.Conflict, (await _http.PostAsync($"/panels/{panel.Id}/runs/{queued.Id}/resume", null)).StatusCode);
        Assert.Equal("succeeded", (await (await _http.PostAsync($"/panels/{panel.Id}/runs/{queued.Id}/cancel", null)).ReadAsync<PanelRun>()).Status);
    }

    [Fact]
    public async Task ARouterRun_WithARouterModel_KeepsIt_AndEveryTurnSaysTheModelDecided_WhileAnUnknownOneIs400NamingTheField()
    {
        var (_, panel) = await PanelAsync();

        var run = await (await _http.PostJsonAsync($"/panels/{panel.Id}/runs", new { input = "Lisbon or Porto?", strategy = "router", routerModel = "offline", maxTurns = 2 }))
            .ReadAsync<PanelRun>(HttpStatusCode.Created);
        var message = await (await _http.PostJsonAsync($"/panels/{panel.Id}/runs", new { input = "x", strategy = "router", routerModel = "gpt-nowhere" }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "validation");

        Assert.Equal(("succeeded", "offline", 2), (run.Status, run.RouterModel, run.Turns.Count));
        Assert.All(run.Turns, t => Assert.StartsWith("router: model offline ", t.Reason, StringComparison.Ordinal));
        Assert.Contains("routerModel: model 'gpt-nowhere' is not configured", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInput_IsRefusedWithClearErrors()
    {
        var (_, panel) = await PanelAsync();

        await (await _http.PostJsonAsync($"/panels/{panel.Id}/runs", new { input = "x", strategy = "chaos" })).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        await (await _http.PostJsonAsync($"/panels/{panel.Id}/runs", new { input = "x", strategy = "selector", moderator = "nobody/ghost" })).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.GetAsync($"/panels/{panel.Id}/runs/run_0123")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        await (await _http.GetAsync($"/panels/{panel.Id}/runs/run_0123456789abcdef0123456789abcdef")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.PostJsonAsync("/panels", new { type = "t", agents = new[] { new { userId = "nobody", agentId = "ghost" } } })).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task PatchPanel_AddsAndRemovesAgents_TheNextRunUsesThem_AndBadAgentsAreRefusedNamingThem()
    {
        var (userId, panel) = await PanelAsync();
        (await _http.PutJsonAsync($"/users/{userId}/agents/judge", new { instructions = "You are the judge." })).EnsureSuccessStatusCode();

        var patched = await (await _http.PatchJsonAsync($"/panels/{panel.Id}", new
        {
            addAgents = new[] { new { userId, agentId = "judge" } },
            removeAgents = new[] { new { userId, agentId = "planner" } },
        })).ReadAsync<Panel>();
        var run = await (await _http.PostJsonAsync($"/panels/{panel.Id}/runs", new { input = "Who wins?", strategy = "round_robin", maxTurns = 2 })).ReadAsync<PanelRun>(HttpStatusCode.Created);
        var ghost = await (await _http.PatchJsonAsync($"/panels/{panel.Id}", new { addAgents = new[] { new { userId, agentId = "ghost" } } }))
            .AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        var hostile = await (await _http.PatchJsonAsync($"/panels/{panel.Id}", new { removeAgents = new[] { new { userId = "../etc", agentId = "judge" } } }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        var both = await (await _http.PatchJsonAsync($"/panels/{panel.Id}", new
        {
            addAgents = new[] { new { userId, agentId = "critic" } },
            removeAgents = new[] { new { userId, agentId = "critic" } },
        })).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");

        Assert.Equal([new PanelAgent(userId, "critic"), new PanelAgent(userId, "judge")], patched.Agents);
        Assert.Equal([$"{userId}/critic", $"{userId}/judge"], run.Turns.Select(t => t.Role));
        Assert.Contains($"agent ghost of user {userId} does not exist", ghost, StringComparison.Ordinal);
        Assert.Contains("removeAgents", hostile, StringComparison.Ordinal);
        Assert.Contains("add-or-remove", both, StringComparison.Ordinal);
        Assert.Equal(patched.Agents, (await (await _http.GetAsync($"/panels/{panel.Id}")).ReadAsync<Panel>()).Agents);
    }
}

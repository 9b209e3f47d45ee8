using System.Net;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class AgentRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    [Fact]
    public async Task PutAgent_ThenRun_Answers201WithTheRun_AndTheTraceReadsBack()
    {
        var userId = ApiCalls.NewUserId();
        var agent = await (await _http.PutJsonAsync($"/users/{userId}/agents/planner", new { instructions = "You plan trips.", tools = new[] { "current_time" } }))
            .ReadAsync<Agent>();
        var session = await _http.CreateSessionAsync(userId);

        var response = await _http.PostJsonAsync($"/users/{userId}/agents/planner/runs", new { sessionId = session.Id, input = "Paris in May?", messageId = "m1" });
        var run = await response.ReadAsync<AgentRun>(HttpStatusCode.Created);

        Assert.Equal((1, "offline", userId), (agent.Version, agent.Model, agent.UserId));
        Assert.Equal($"/users/{userId}/agents/planner/runs/{run.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal((AgentRunStatuses.Succeeded, "You said: Paris in May?"), (run.Status, run.Message!.Content));
        Assert.Equal(run.Id, (await (await _http.GetAsync($"/users/{userId}/agents/planner/runs/{run.Id}")).ReadAsync<AgentRun>()).Id);
        Assert.Equal([run.Id], (await (await _http.GetAsync($"/users/{userId}/agents/planner/runs")).ReadAsync<List<AgentRun>>()).Select(r => r.Id));
        var trace = await (await _http.GetAsync($"/users/{userId}/agents/planner/runs/{run.Id}/trace")).ReadAsync<List<AgentTraceEvent>>();
        Assert.Equal(AgentTraceKinds.RunStarted, trace[0].Kind);
        Assert.Equal(AgentTraceKinds.RunFinished, trace[^1].Kind);
        Assert.Equal(["planner"], (await (await _http.GetAsync($"/users/{userId}/agents")).ReadAsync<List<Agent>>()).Select(a => a.Id));
        var messages = await (await _http.GetAsync($"/users/{userId}/sessions/{session.Id}/messages")).ReadAsync<List<ChatMessage>>();
        Assert.Equal(["user", "assistant"], messages.Select(m => m.Role));
    }

    [Fact]
    public async Task PutAgent_WithAnUnknownModelToolOrField_Is400NamingIt()
    {
        var userId = ApiCalls.NewUserId();

        var model = await (await _http.PutJsonAsync($"/users/{userId}/agents/a", new { instructions = "x", model = "gpt-imaginary" })).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        var tool = await (await _http.PutJsonAsync($"/users/{userId}/agents/a", new { instructions = "x", tools = new[] { "rm_rf" } })).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        var field = await (await _http.PutJsonAsync($"/users/{userId}/agents/a", new { instructions = "x", temperature = 1 })).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");

        Assert.Contains("gpt-imaginary", model, StringComparison.Ordinal);
        Assert.Contains("rm_rf", tool, StringComparison.Ordinal);
        Assert.Contains("temperature", field, StringComparison.Ordinal);
        await (await _http.GetAsync($"/users/{userId}/agents/a")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Runs_OnAMissingAgentOrRun_Are404_AndABadRunIdIs400()
    {
        var userId = ApiCalls.NewUserId();
        var session = await _http.CreateSessionAsync(userId);

        await (await _http.PostJsonAsync($"/users/{userId}/agents/nobody/runs", new { sessionId = session.Id, input = "hi" })).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.GetAsync($"/users/{userId}/agents/nobody/runs/run_00000000000000000000000000000000")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        var bad = await (await _http.GetAsync($"/users/{userId}/agents/nobody/runs/run_x")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("run-id-form", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_ListOfflineAsTheDefault_WithoutSecrets()
    {
        var models = await (await _http.GetAsync("/models")).ReadJsonAsync();

        var offline = models.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "offline");
        Assert.True(offline.GetProperty("isDefault").GetBoolean());
        Assert.False(offline.TryGetProperty("apiKey", out _));
        Assert.False(offline.TryGetProperty("endpoint", out _));
    }

    [Fact]
    public async Task DeleteAgent_Is204_AndRemovesItsRuns()
    {
        var userId = ApiCalls.NewUserId();
        await (await _http.PutJsonAsync($"/users/{userId}/agents/temp", new { instructions = "x" })).ReadAsync<Agent>();
        var session = await _http.CreateSessionAsync(userId);
        var run = await (await _http.PostJsonAsync($"/users/{userId}/agents/temp/runs", new { sessionId = session.Id, input = "hi" })).ReadAsync<AgentRun>(HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/users/{userId}/agents/temp")).StatusCode);
        await (await _http.GetAsync($"/users/{userId}/agents/temp/runs/{run.Id}")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.DeleteAsync($"/users/{userId}/agents/temp")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }
}

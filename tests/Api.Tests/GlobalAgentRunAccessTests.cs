using System.Text.Json;
using ChatDb.Api.Tests.Infrastructure;

namespace ChatDb.Api.Tests;

/// <summary>
/// <c>/users/{u}/global-agents/{a}/runs</c> with API keys: the admin saves the global agent, a user's own key runs it on
/// the user's session and reads only that user's runs of it; another user's key is 403, another user's session 404.
/// </summary>
[Collection(SecuredApiCollection.Name)]
public sealed class GlobalAgentRunAccessTests(SecuredApiServer fixture)
{
    private Task<RawResponse> SendAsync(string method, string target, string key, string? body = null) =>
        RawHttp.SendAsync(fixture.Server.BaseAddress, method, target, body, RouteAccessTests.Bearer(key));

    private async Task<string> NewGlobalAgentAsync()
    {
        var agentId = "helper" + Guid.NewGuid().ToString("N")[..8];
        var saved = await SendAsync("PUT", $"/agents/{agentId}", fixture.AdminKey, """{"instructions":"You help everyone."}""");
        Assert.True(saved.Status == 200, $"{saved.Status} {saved.Body}");
        return agentId;
    }

    private async Task<string> NewSessionAsync(string userId, string key)
    {
        var created = await SendAsync("POST", $"/users/{userId}/sessions", key, "{}");
        Assert.True(created.Status == 201, $"{created.Status} {created.Body}");
        return JsonDocument.Parse(created.Body).RootElement.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task AUsersKey_RunsAGlobalAgentOnTheirSession_AndReadsTheRunTraceAndList_ButCannotSaveTheAgent()
    {
        var agentId = await NewGlobalAgentAsync();
        var session = await NewSessionAsync("alice", fixture.AliceKey);

        var put = await SendAsync("PUT", $"/agents/{agentId}", fixture.AliceKey, """{"instructions":"mine now"}""");
        var run = await SendAsync("POST", $"/users/alice/global-agents/{agentId}/runs", fixture.AliceKey, $$"""{"sessionId":"{{session}}","input":"hello"}""");
        var runId = JsonDocument.Parse(run.Body).RootElement.GetProperty("id").GetString()!;
        var read = await SendAsync("GET", $"/users/alice/global-agents/{agentId}/runs/{runId}", fixture.AliceKey);
        var list = await SendAsync("GET", $"/users/alice/global-agents/{agentId}/runs", fixture.AliceKey);
        var trace = await SendAsync("GET", $"/users/alice/global-agents/{agentId}/runs/{runId}/trace", fixture.AliceKey);
        var cancel = await SendAsync("DELETE", $"/users/alice/global-agents/{agentId}/runs/{runId}", fixture.AliceKey);
        var approval = await SendAsync("POST", $"/users/alice/global-agents/{agentId}/runs/{runId}/approvals", fixture.AliceKey, """{"callId":"call_1","approved":true}""");
        var asOwnAgent = await SendAsync("GET", $"/users/alice/agents/{agentId}/runs/{runId}", fixture.AliceKey);

        Assert.Equal(403, put.Status);
        Assert.True(run.Status == 201, $"{run.Status} {run.Body}");
        using var runJson = JsonDocument.Parse(run.Body);
        Assert.True(runJson.RootElement.GetProperty("globalAgent").GetBoolean());
        Assert.Equal("You said: hello", runJson.RootElement.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(200, read.Status);
        Assert.Equal([runId], JsonDocument.Parse(list.Body).RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal("run_finished", JsonDocument.Parse(trace.Body).RootElement.EnumerateArray().Last().GetProperty("kind").GetString());
        Assert.Equal("succeeded", JsonDocument.Parse(cancel.Body).RootElement.GetProperty("status").GetString());
        Assert.True(approval.Status == 409, $"{approval.Status} {approval.Body}");
        Assert.Equal(404, asOwnAgent.Status);
    }

    [Fact]
    public async Task AnotherUsersKey_Is403_AndAnotherUsersSession_Is404()
    {
        var agentId = await NewGlobalAgentAsync();
        var aliceSession = await NewSessionAsync("alice", fixture.AliceKey);
        var run = await SendAsync("POST", $"/users/alice/global-agents/{agentId}/runs", fixture.AliceKey, $$"""{"sessionId":"{{aliceSession}}","input":"private"}""");
        var runId = JsonDocument.Parse(run.Body).RootElement.GetProperty("id").GetString()!;

        var bobListsAlices = await SendAsync("GET", $"/users/alice/global-agents/{agentId}/runs", fixture.BobKey);
        var bobReadsAlices = await SendAsync("GET", $"/users/alice/global-agents/{agentId}/runs/{runId}/trace", fixture.BobKey);
        var bobRunsAsAlice = await SendAsync("POST", $"/users/alice/global-agents/{agentId}/runs", fixture.BobKey, $$"""{"sessionId":"{{aliceSession}}","input":"x"}""");
        var bobOnAlicesSession = await SendAsync("POST", $"/users/bob/global-agents/{agentId}/runs", fixture.BobKey, $$"""{"sessionId":"{{aliceSession}}","input":"x"}""");
        var bobsOwnList = await SendAsync("GET", $"/users/bob/global-agents/{agentId}/runs", fixture.BobKey);
        var bobsKeyOnAlicesRunId = await SendAsync("GET", $"/users/bob/global-agents/{agentId}/runs/{runId}", fixture.BobKey);
        var adminReads = await SendAsync("GET", $"/users/alice/global-agents/{agentId}/runs/{runId}", fixture.AdminKey);

        Assert.Equal((403, 403, 403), (bobListsAlices.Status, bobReadsAlices.Status, bobRunsAsAlice.Status));
        Assert.True(bobOnAlicesSession.Status == 404, $"{bobOnAlicesSession.Status} {bobOnAlicesSession.Body}");
        Assert.Equal("[]", bobsOwnList.Body.Trim());
        Assert.Equal(404, bobsKeyOnAlicesRunId.Status);
        Assert.Equal(200, adminReads.Status);
        Assert.DoesNotContain("private", bobOnAlicesSession.Body, StringComparison.Ordinal);
    }
}

using System.Text.Json;

namespace ChatDb.Cli.Tests;

public abstract partial class DataCommandTests
{
    [Fact]
    public async Task Agent_CreateGetList_RunRunsTrace()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();

        Assert.Contains("version 1", (await RunAsync("agent", "create", "helper", "--user", user, "--instructions", "Be brief.", "--tool", "current_time")).Ok(), StringComparison.Ordinal);
        var agent = JsonDocument.Parse((await RunAsync("agent", "get", "helper", "--user", user, "--json")).Ok()).RootElement;
        Assert.Equal(("offline", "current_time"), (agent.GetProperty("model").GetString(), agent.GetProperty("tools")[0].GetString()));
        Assert.StartsWith("helper  v1  offline", Assert.Single((await RunAsync("agent", "list", "--user", user)).Lines), StringComparison.Ordinal);

        var answer = (await RunAsync("agent", "run", "helper", "Is it warm in Rome?", "--user", user, "--session", session)).Ok();
        Assert.StartsWith("You said: Is it warm in Rome?", answer, StringComparison.Ordinal);
        var runs = JsonDocument.Parse((await RunAsync("agent", "runs", "helper", "--user", user, "--json")).Ok()).RootElement;
        var runId = runs[0].GetProperty("id").GetString()!;
        Assert.Equal("succeeded", runs[0].GetProperty("status").GetString());
        var trace = (await RunAsync("agent", "trace", "helper", runId, "--user", user)).Lines;
        Assert.Contains("run_started", trace[0], StringComparison.Ordinal);
        Assert.Contains("run_finished", trace[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_CreateWithMemory_RecallsAndExtracts_AndTheTraceShowsIt()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();

        (await RunAsync("agent", "create", "keeper", "--user", user, "--instructions", "x", "--recall", "3", "--extract-memories")).Ok();
        var shown = (await RunAsync("agent", "get", "keeper", "--user", user)).Lines;
        var agent = JsonDocument.Parse((await RunAsync("agent", "get", "keeper", "--user", user, "--json")).Ok()).RootElement.GetProperty("memory");
        (await RunAsync("agent", "run", "keeper", "I live in Lisbon", "--user", user, "--session", session)).Ok();
        (await RunAsync("agent", "run", "keeper", "Any tips for Lisbon?", "--user", user, "--session", session)).Ok();
        var runs = JsonDocument.Parse((await RunAsync("agent", "runs", "keeper", "--user", user, "--json")).Ok()).RootElement;
        var first = (await RunAsync("agent", "trace", "keeper", runs[1].GetProperty("id").GetString()!, "--user", user)).Lines;
        var second = (await RunAsync("agent", "trace", "keeper", runs[0].GetProperty("id").GetString()!, "--user", user)).Lines;
        var refused = await RunAsync("agent", "create", "greedy", "--user", user, "--instructions", "x", "--recall", "101");

        Assert.Contains("memory: recall 3, extract after each run", shown, StringComparer.Ordinal);
        Assert.Equal((3, true), (agent.GetProperty("recall").GetInt32(), agent.GetProperty("extract").GetBoolean()));
        Assert.Contains(first, l => l.Contains("memories_extracted  1 added, 0 updated, 0 deleted", StringComparison.Ordinal));
        Assert.Matches("memories_recalled  mem_[0-9a-f]{32} [0-9.]+$", Assert.Single(second, l => l.Contains("memories_recalled", StringComparison.Ordinal)));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("memory.recall 101", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_CreateWithRetrieve_PutsTheKnowledgeBaseInThePrompt_AndTheTraceShowsTheChunks()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        var policy = Path.Combine(Path.GetTempPath(), $"refunds-{Guid.NewGuid():N}.md");
        await File.WriteAllTextAsync(policy, "# Refunds\n\nRefunds are paid within 14 days of the return.");
        try
        {
            (await RunAsync("knowledge", "put", user, policy, "--name", "refunds.md")).Ok();
        }
        finally
        {
            File.Delete(policy);
        }

        (await RunAsync("agent", "create", "helpdesk", "--user", user, "--instructions", "x", "--retrieve", "2")).Ok();
        var shown = (await RunAsync("agent", "get", "helpdesk", "--user", user)).Lines;
        var knowledge = JsonDocument.Parse((await RunAsync("agent", "get", "helpdesk", "--user", user, "--json")).Ok()).RootElement.GetProperty("knowledge");
        (await RunAsync("agent", "run", "helpdesk", "When are refunds paid?", "--user", user, "--session", session)).Ok();
        var runs = JsonDocument.Parse((await RunAsync("agent", "runs", "helpdesk", "--user", user, "--json")).Ok()).RootElement;
        var trace = (await RunAsync("agent", "trace", "helpdesk", runs[0].GetProperty("id").GetString()!, "--user", user)).Lines;
        var refused = await RunAsync("agent", "create", "wide", "--user", user, "--instructions", "x", "--retrieve", "2", "--retrieve-scope", "everything");

        Assert.Contains("documents: retrieve 2 from the knowledge base", shown, StringComparer.Ordinal);
        Assert.Equal((2, "user"), (knowledge.GetProperty("retrieve").GetInt32(), knowledge.GetProperty("scope").GetString()));
        Assert.Matches("knowledge_retrieved  refunds.md#0 [0-9.]+$", Assert.Single(trace, l => l.Contains("knowledge_retrieved", StringComparison.Ordinal)));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("knowledge.scope 'everything' is rejected by rule 'one-of'", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentRun_Streams_OrWaits_OrReturnsQueued()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        (await RunAsync("agent", "create", "guide", "--user", user, "--instructions", "Guide.")).Ok();

        var streamed = (await RunAsync("agent", "run", "guide", "Where is the harbour?", "--user", user, "--session", session)).Lines;
        var waited = (await RunAsync("agent", "run", "guide", "And the castle?", "--user", user, "--session", session, "--no-stream")).Lines;
        var queued = (await RunAsync("agent", "run", "guide", "Later.", "--user", user, "--session", session, "--no-wait")).Ok().Trim().Split(' ');
        var runs = (await RunAsync("agent", "runs", "guide", "--user", user)).Lines;

        Assert.Equal("You said: Where is the harbour?", streamed[0]);
        Assert.Matches("^\\(run_[0-9a-f]{32} succeeded, [0-9]+ tokens in, [0-9]+ out\\)$", streamed[1]);
        Assert.StartsWith("You said: And the castle?", waited[0], StringComparison.Ordinal);
        Assert.Contains("succeeded", waited[1], StringComparison.Ordinal);
        Assert.Equal("queued", queued[1]);
        Assert.Equal(3, runs.Length);
        Assert.StartsWith(queued[0], runs[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_Create_WithAnUnknownTool_FailsNamingIt()
    {
        var run = await RunAsync("agent", "create", "bad", "--user", NewUser(), "--instructions", "x", "--tool", "format_disk");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("format_disk", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_Approve_LetsAWaitingToolCallRun_AndRefusesARunThatIsNotWaiting()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        (await RunAsync("agent", "create", "careful", "--user", user, "--instructions", "x", "--tool", "current_time", "--approval-required", "current_time")).Ok();

        var running = RunAsync("agent", "run", "careful", "/tool current_time {}", "--user", user, "--session", session);
        JsonElement waiting = default;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var runs = JsonDocument.Parse((await RunAsync("agent", "runs", "careful", "--user", user, "--json")).Ok()).RootElement;
            if (runs.GetArrayLength() > 0 && runs[0].GetProperty("status").GetString() == "awaiting_approval")
            {
                waiting = runs[0];
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(JsonValueKind.Object, waiting.ValueKind);
        var runId = waiting.GetProperty("id").GetString()!;
        var callId = waiting.GetProperty("pendingApproval").GetProperty("callId").GetString()!;
        var unknown = await RunAsync("agent", "approve", "careful", runId, "call_unknown", "--user", user);
        Assert.Contains("approved", (await RunAsync("agent", "approve", "careful", runId, callId, "--user", user)).Ok(), StringComparison.Ordinal);
        var answer = (await running).Ok();
        var late = await RunAsync("agent", "approve", "careful", runId, callId, "--user", user);

        Assert.StartsWith("Tool current_time returned:", answer, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("call_unknown", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(1, late.ExitCode);
        Assert.Contains("not awaiting_approval", late.Error, StringComparison.Ordinal);
        var trace = (await RunAsync("agent", "trace", "careful", runId, "--user", user)).Lines;
        Assert.Contains(trace, l => l.Contains("approval_decided", StringComparison.Ordinal) && l.Contains("approved", StringComparison.Ordinal));
    }
}

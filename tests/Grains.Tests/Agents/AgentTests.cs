using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Logs;

namespace ChatDb.Grains.Tests.Agents;

[Collection(SharedChatCollection.Name)]
public sealed class AgentTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    private IAgentGrain Agent(string userId, string agentId) => _chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(userId, agentId));

    private IAgentRunGrain Run(string userId, string agentId, string runId) =>
        _chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun(userId, agentId, runId));

    private static AgentDefinition Definition(string instructions = "Answer briefly.") => new() { Instructions = instructions };

    [Fact]
    public async Task SaveAsync_NumbersVersions_DefaultsToTheOfflineModel_AndKeepsEveryVersion()
    {
        var userId = Json.NewUserId();
        var agent = Agent(userId, "planner");

        var first = await agent.SaveAsync(Definition("v1"));
        var second = await agent.SaveAsync(Definition("v2") with { Name = "Planner", Tools = ["current_time", "current_time"], HistoryTokens = 500 });

        Assert.Equal((1, "planner", "offline", Models.Agent.DefaultHistoryTokens), (first.Version, first.Name, first.Model, first.HistoryTokens));
        Assert.Equal((2, "Planner", 500), (second.Version, second.Name, second.HistoryTokens));
        Assert.Equal(["current_time"], second.Tools);
        Assert.Equal("v1", (await agent.GetVersionAsync(1))!.Instructions);
        Assert.Equal([1, 2], (await agent.ListVersionsAsync()).Select(v => v.Version));
        Assert.Equal(["planner"], (await _chat.Client.GetGrain<IAgentCatalogGrain>(userId).ListAsync()).Select(a => a.Id));
    }

    [Fact]
    public async Task SaveAsync_WithAnUnknownModelOrTool_IsRefusedNamingIt_AndStoresNothing()
    {
        var agent = Agent(Json.NewUserId(), "planner");

        var model = await Assert.ThrowsAsync<ValidationError>(() => agent.SaveAsync(Definition() with { Model = "gpt-imaginary" }));
        var tool = await Assert.ThrowsAsync<ValidationError>(() => agent.SaveAsync(Definition() with { Tools = ["launch_rockets"] }));
        var history = await Assert.ThrowsAsync<ValidationError>(() => agent.SaveAsync(Definition() with { HistoryTokens = 0 }));

        Assert.Contains("model 'gpt-imaginary' is not configured", model.Message, StringComparison.Ordinal);
        Assert.Contains("offline", model.Message, StringComparison.Ordinal);
        Assert.Contains("tool \"launch_rockets\" is unknown", tool.Message, StringComparison.Ordinal);
        Assert.Contains("historyTokens 0", history.Message, StringComparison.Ordinal);
        Assert.Null(await agent.GetAsync());
    }

    [Fact]
    public async Task AgentKeys_WithHostileIds_AreRefusedBeforeAnyPath()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => _chat.Client.GetGrain<IAgentGrain>("alice/..").SaveAsync(Definition()));
        var run = await Assert.ThrowsAnyAsync<Exception>(() => _chat.Client.GetGrain<IAgentRunGrain>("alice/planner/run_x").GetAsync());

        Assert.Contains("agent id", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("run-id-form", run.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WithAModelThatReportsNoUsage_CountsItsInputFromThePromptAndTheMessagesAddedToIt()
    {
        var userId = Json.NewUserId();
        await Agent(userId, "clock").SaveAsync(Definition("You tell the time.") with { Tools = ["current_time"] });
        var session = await _chat.User(userId).CreateSessionAsync("time", null);
        await _chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "Good morning." });
        var grain = Run(userId, "clock", ChatGrainKeys.NewRunId());

        var run = await grain.RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "/tool current_time" });

        // The offline model reports no usage: the first call's input is the prompt as built, the second's that plus the
        // tool call and its result, each at its stored count.
        var trace = await grain.GetTraceAsync();
        var prompt = trace.Single(e => e.Kind == AgentTraceKinds.PromptBuilt).Tokens!.Value;
        var messages = await _chat.Session(session).GetMessagesAsync(MessageQuery.Default);
        Assert.Equal(["user", "user", "assistant", "tool", "assistant"], messages.Select(m => m.Role));
        var added = messages[2].Tokens!.Value + messages[3].Tokens!.Value;
        Assert.Equal([(long)prompt, (long)prompt + added], trace.Where(e => e.Kind == AgentTraceKinds.ModelCalled).Select(e => e.InputTokens!.Value));
        Assert.Equal(2L * prompt + added, run.Usage.InputTokens);
    }

    [Fact]
    public async Task RunAsync_WithTheOfflineModel_AppendsInputAndAnswer_AndRecordsTheRunAndItsTrace()
    {
        var userId = Json.NewUserId();
        await Agent(userId, "planner").SaveAsync(Definition("You plan trips."));
        var session = await _chat.User(userId).CreateSessionAsync("trip", null);
        await _chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "I love museums in Paris." });
        var runId = ChatGrainKeys.NewRunId();

        var run = await Run(userId, "planner", runId).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "Which museums should I see?", MessageId = "q1" });

        Assert.Equal((AgentRunStatuses.Succeeded, AgentStopReasons.Completed, "offline", 2L, 3L), (run.Status, run.StopReason, run.Model, run.InputSeq, run.OutputSeq));
        Assert.Equal("You said: Which museums should I see? Earlier: I love museums in Paris.", run.Message!.Content);
        Assert.True(run.Usage.InputTokens > 0 && run.Usage.OutputTokens > 0, $"usage {run.Usage}");
        var messages = await _chat.Session(session).GetMessagesAsync(MessageQuery.Default);
        Assert.Equal(["user", "user", "assistant"], messages.Select(m => m.Role));
        Assert.Equal(runId, messages[2].Metadata["run_id"].GetString());
        var stored = await Run(userId, "planner", runId).GetAsync();
        Assert.Equal((run.Id, run.Status, run.OutputSeq, run.Usage), (stored!.Id, stored.Status, stored.OutputSeq, stored.Usage));
        Assert.Equal([runId], (await Agent(userId, "planner").ListRunsAsync(10)).Select(r => r.Id));

        var trace = await Run(userId, "planner", runId).GetTraceAsync();
        Assert.Equal(
            [AgentTraceKinds.RunStarted, AgentTraceKinds.MessageAppended, AgentTraceKinds.PromptBuilt, AgentTraceKinds.ModelCalled,
             AgentTraceKinds.MessageAppended, AgentTraceKinds.RunFinished],
            trace.Select(e => e.Kind));
        Assert.Equal([1L, 2, 3, 4, 5, 6], trace.Select(e => e.Seq));
        Assert.Equal(3, trace[2].Messages);

        // Only the run's start (its record until the end) and its end are fsynced; the end makes the steps before it
        // durable too (docs/STORAGE.md §10).
        var traceAppends = _chat.LogStorage.AppendCalls.Where(c => c.LogName == "trace" && c.GrainId.Key.ToString()!.EndsWith(runId, StringComparison.Ordinal));
        Assert.Equal([LogDurability.Durable, .. Enumerable.Repeat(LogDurability.Deferred, 4), LogDurability.Durable], traceAppends.Select(c => c.Durability));
        Assert.Equal((session.Id, 1), (trace[0].SessionId, trace[0].AgentVersion));
    }

    [Fact]
    public async Task RunAsync_WithTheSameMessageId_AppendsTheInputOnce()
    {
        var userId = Json.NewUserId();
        await Agent(userId, "echo").SaveAsync(Definition());
        var session = await _chat.User(userId).CreateSessionAsync(null, null);
        var request = new AgentRunRequest { SessionId = session.Id, Input = "hello there", MessageId = "same" };

        var first = await Run(userId, "echo", ChatGrainKeys.NewRunId()).RunAsync(request);
        var second = await Run(userId, "echo", ChatGrainKeys.NewRunId()).RunAsync(request);

        Assert.Equal(first.InputSeq, second.InputSeq);
        Assert.Equal(["user", "assistant", "assistant"], (await _chat.Session(session).GetMessagesAsync(MessageQuery.Default)).Select(m => m.Role));
    }

    [Fact]
    public async Task RunAsync_OnAMissingSessionOrAgent_IsNotFound_AndRecordsNothing()
    {
        var userId = Json.NewUserId();
        var session = await _chat.User(userId).CreateSessionAsync(null, null);
        var runId = ChatGrainKeys.NewRunId();

        var agent = await Assert.ThrowsAsync<NotFoundError>(() => Run(userId, "nobody", runId).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "hi" }));
        var both = await Assert.ThrowsAsync<NotFoundError>(() => Run(userId, "nobody", runId).RunAsync(new AgentRunRequest { SessionId = "chat_session_20200101_000000_000000", Input = "hi" }));
        await Agent(userId, "a").SaveAsync(Definition());
        var missing = await Assert.ThrowsAsync<NotFoundError>(() => Run(userId, "a", runId).RunAsync(new AgentRunRequest { SessionId = "chat_session_20200101_000000_000000", Input = "hi" }));

        Assert.Contains("agent nobody of user " + userId, agent.Message, StringComparison.Ordinal);
        Assert.Contains("agent nobody of user " + userId, both.Message, StringComparison.Ordinal);
        Assert.Contains("chat_session_20200101_000000_000000", missing.Message, StringComparison.Ordinal);
        Assert.Null(await Run(userId, "a", runId).GetAsync());
        Assert.Empty(await Agent(userId, "a").ListRunsAsync(10));
    }

    [Fact]
    public async Task RunAsync_WithAHistoryBudget_PromptsOnlyTheNewestMessagesThatFit()
    {
        var userId = Json.NewUserId();
        await Agent(userId, "short").SaveAsync(Definition("x") with { HistoryTokens = 40 });
        var session = await _chat.User(userId).CreateSessionAsync(null, null);
        for (var i = 0; i < 20; i++)
        {
            await _chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = $"old message number {i} about nothing in particular" });
        }

        var run = await Run(userId, "short", ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "now" });

        var prompt = (await Run(userId, "short", run.Id).GetTraceAsync()).Single(e => e.Kind == AgentTraceKinds.PromptBuilt);
        Assert.InRange(prompt.Tokens!.Value, 1, 40);
        Assert.InRange(prompt.Messages!.Value, 2, 5);
    }

    [Fact]
    public async Task DeleteUser_RemovesTheUsersAgentsAndRuns()
    {
        var userId = Json.NewUserId();
        await Agent(userId, "a1").SaveAsync(Definition());
        await Agent(userId, "a2").SaveAsync(Definition());
        var session = await _chat.User(userId).CreateSessionAsync(null, null);
        var run = await Run(userId, "a1", ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "hi" });

        await _chat.User(userId).DeleteAsync();

        Assert.Empty(await _chat.Client.GetGrain<IAgentCatalogGrain>(userId).ListAsync());
        Assert.Null(await Agent(userId, "a1").GetAsync());
        Assert.Empty(await Agent(userId, "a1").ListVersionsAsync());
        Assert.Null(await Run(userId, "a1", run.Id).GetAsync());
        Assert.Empty(await Run(userId, "a1", run.Id).GetTraceAsync());
    }

    [Fact]
    public async Task Models_ListTheOfflineModelAsDefault()
    {
        var models = await _chat.Client.GetGrain<IModelCatalogGrain>(ChatGrainKeys.Global).ListAsync();

        var offline = Assert.Single(models, m => m.Name == "offline");
        Assert.Equal(("offline", "chat", true), (offline.Provider, offline.Kind, offline.IsDefault));
    }
}

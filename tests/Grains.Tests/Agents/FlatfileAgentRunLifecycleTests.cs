using System.Text.Json.Nodes;
using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Flatfile;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;

namespace ChatDb.Grains.Tests.Agents;

/// <summary>Queued runs on the flatfile provider: cancelled while they wait on the model, cut off by a crash while queued.</summary>
public sealed class FlatfileAgentRunLifecycleTests
{
    private static Action<ISiloBuilder> With(ScriptedChatClient client) => silo =>
    {
        silo.Services.RemoveAll<IAgentChatClientFactory>();
        silo.Services.AddSingleton<IAgentChatClientFactory>(client);
    };

    private static IAgentRunGrain Run(FlatfileChatCluster chat, string userId, string agentId, string runId) =>
        chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun(userId, agentId, runId));

    [Fact]
    public async Task AStartedRun_RunsWithoutItsCaller_AndCancelEndsIt()
    {
        var client = new ScriptedChatClient().Hold();
        await using var chat = await FlatfileChatCluster.StartAsync(configureSilo: With(client));
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent("gus", "slow")).SaveAsync(new AgentDefinition { Instructions = "x" });
        var session = await chat.User("gus").CreateSessionAsync(null, null);
        var grain = Run(chat, "gus", "slow", ChatGrainKeys.NewRunId());

        var queued = await grain.StartAsync(new AgentRunRequest { SessionId = session.Id, Input = "take your time", Stream = true });
        await client.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var running = await grain.GetAsync();
        await grain.CancelAsync();
        var updates = new List<AgentRunUpdate>();
        await foreach (var update in grain.FollowAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token))
        {
            updates.Add(update);
        }

        Assert.Equal(AgentRunStatuses.Queued, queued.Status);
        Assert.Equal(AgentRunStatuses.Running, running!.Status);
        var ended = Assert.Single(updates).Run!;
        Assert.Equal((AgentRunStatuses.Cancelled, AgentStopReasons.Cancelled), (ended.Status, ended.StopReason));
        Assert.Equal([AgentTraceKinds.RunStarted, AgentTraceKinds.MessageAppended, AgentTraceKinds.PromptBuilt, AgentTraceKinds.RunCancelled],
            (await grain.GetTraceAsync()).Select(e => e.Kind));
    }

    [Fact]
    public async Task ARunsProgress_IsStoredWithItsEnd_AndACrashBeforeItLeavesTheStartsRecord_MarkedInterrupted()
    {
        var client = new ScriptedChatClient().Hold();
        await using var chat = await FlatfileChatCluster.StartAsync(configureSilo: With(client));
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent("ida", "slow")).SaveAsync(new AgentDefinition { Instructions = "x" });
        var session = await chat.User("ida").CreateSessionAsync(null, null);
        var runId = ChatGrainKeys.NewRunId();
        var grain = Run(chat, "ida", "slow", runId);
        var path = chat.PathOf($"users/ida/agents/runs/slow/{runId}.json");
        var tracePath = chat.PathOf($"users/ida/agents/runs/slow/{runId}.trace.jsonl");

        await grain.StartAsync(new AgentRunRequest { SessionId = session.Id, Input = "take your time" });
        await client.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var live = await grain.GetAsync();
        var storedWhileRunning = await File.ReadAllTextAsync(path);
        var traceWhileRunning = await File.ReadAllBytesAsync(tracePath);
        await grain.CancelAsync();
        await foreach (var _ in grain.FollowAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token))
        {
        }

        // The input's seq is in the record in memory at once, and on disk with the run's end.
        Assert.Equal((AgentRunStatuses.Running, 1L), (live!.Status, live.InputSeq));
        Assert.Equal((AgentRunStatuses.Running, null), (StoredField(storedWhileRunning, "status"), StoredField(storedWhileRunning, "inputSeq", "input_seq")));
        var storedAtEnd = await File.ReadAllTextAsync(path);
        Assert.Equal((AgentRunStatuses.Cancelled, "1"), (StoredField(storedAtEnd, "status"), StoredField(storedAtEnd, "inputSeq", "input_seq")));

        // A crash while the model was answering: the disk holds the record the run's start wrote, the trace up to then,
        // and the input message.
        await File.WriteAllTextAsync(path, storedWhileRunning);
        await File.WriteAllBytesAsync(tracePath, traceWhileRunning);
        await chat.CrashAndStartAsync();
        var interrupted = await Run(chat, "ida", "slow", runId).GetAsync();

        Assert.Equal((AgentRunStatuses.Failed, AgentStopReasons.Interrupted, null), (interrupted!.Status, interrupted.StopReason, interrupted.InputSeq));
        var messages = await chat.Client.GetGrain<ISessionGrain>(ChatGrainKeys.Session("ida", session.Id)).GetMessagesAsync(new MessageQuery());
        Assert.Equal("take your time", Assert.Single(messages).Content);
    }

    /// <summary>A field of a stored run record (the state itself, or the state inside its envelope), as text; null when absent.</summary>
    private static string? StoredField(string json, params string[] names)
    {
        var state = StateOf(JsonNode.Parse(json)!.AsObject());
        return names.Where(state.ContainsKey).Select(name => state[name]?.ToString()).FirstOrDefault();
    }

    /// <summary>The run in a stored record: the record itself, or the state inside its envelope.</summary>
    private static JsonObject StateOf(JsonObject record) =>
        record.ContainsKey("status") ? record : record.Select(p => p.Value).OfType<JsonObject>().First(o => o.ContainsKey("status"));

    /// <summary>Saves the agent <c>echo</c> of <paramref name="userId"/>, starts a queued run of it and follows it to its end.</summary>
    private static async Task<string> QueuedRunToItsEndAsync(FlatfileChatCluster chat, string userId)
    {
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(userId, "echo")).SaveAsync(new AgentDefinition { Instructions = "x" });
        var session = await chat.User(userId).CreateSessionAsync(null, null);
        var runId = ChatGrainKeys.NewRunId();
        var grain = Run(chat, userId, "echo", runId);
        await grain.StartAsync(new AgentRunRequest { SessionId = session.Id, Input = "hi" });
        await foreach (var _ in grain.FollowAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token))
        {
        }

        return runId;
    }

    [Fact]
    public async Task ARunFoundQueuedAtActivation_WasCutOffByACrash_AndIsMarkedFailed()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var runId = await QueuedRunToItsEndAsync(chat, "hal");

        // The record as StartAsync writes it, before the turn has begun, and a trace cut before the run's end (the start
        // alone) as a crash would leave them.
        var tracePath = chat.PathOf($"users/hal/agents/runs/echo/{runId}.trace.jsonl");
        await File.WriteAllTextAsync(tracePath, File.ReadLines(tracePath).First() + "\n");
        var path = chat.PathOf($"users/hal/agents/runs/echo/{runId}.json");
        var record = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        var state = StateOf(record);
        state["status"] = AgentRunStatuses.Queued;
        foreach (var ended in new[] { "stopReason", "stop_reason", "finishedAt", "finished_at" }.Where(state.ContainsKey))
        {
            state[ended] = null;
        }

        await File.WriteAllTextAsync(path, record.ToJsonString());
        await chat.CrashAndStartAsync();

        var run = await Run(chat, "hal", "echo", runId).GetAsync();

        Assert.Equal((AgentRunStatuses.Failed, AgentStopReasons.Interrupted), (run!.Status, run.StopReason));
        Assert.Equal(AgentTraceKinds.RunFailed, (await Run(chat, "hal", "echo", runId).GetTraceAsync())[^1].Kind);
    }

    [Fact]
    public async Task ARunAnsweredWhenItEnds_IsReadBackFromItsTraceAfterARestart_AsItWasAnswered()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent("kim", "echo")).SaveAsync(new AgentDefinition { Instructions = "x" });
        var session = await chat.User("kim").CreateSessionAsync(null, null);
        var runId = ChatGrainKeys.NewRunId();
        var answered = await Run(chat, "kim", "echo", runId).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "hello there" });

        await chat.CrashAndStartAsync();
        var read = await Run(chat, "kim", "echo", runId).GetAsync();
        var trace = await Run(chat, "kim", "echo", runId).GetTraceAsync();

        Assert.False(File.Exists(chat.PathOf($"users/kim/agents/runs/echo/{runId}.json")));
        Assert.Equal((AgentRunStatuses.Succeeded, answered.OutputSeq, answered.Message!.Content), (read!.Status, read.OutputSeq, read.Message!.Content));
        Assert.Equal((answered.InputSeq, answered.Usage, answered.FinishedAt, answered.LatencyMs), (read.InputSeq, read.Usage, read.FinishedAt, read.LatencyMs));

        // Read back, not ended again: the trace still ends with the one end event.
        Assert.Equal(AgentTraceKinds.RunFinished, trace[^1].Kind);
        Assert.Single(trace, e => e.Kind is AgentTraceKinds.RunFinished or AgentTraceKinds.RunFailed);
    }

    [Fact]
    public async Task AQueuedRunWhoseRecordACrashLeftRunning_AfterItsTraceEnded_IsReadAsTheTraceEndedIt()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var runId = await QueuedRunToItsEndAsync(chat, "lee");

        // The record rewritten as running (its end's write cut off by the crash), the trace complete.
        var path = chat.PathOf($"users/lee/agents/runs/echo/{runId}.json");
        var record = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        StateOf(record)["status"] = AgentRunStatuses.Running;
        await File.WriteAllTextAsync(path, record.ToJsonString());
        await chat.CrashAndStartAsync();

        var run = await Run(chat, "lee", "echo", runId).GetAsync();

        Assert.Equal((AgentRunStatuses.Succeeded, AgentStopReasons.Completed), (run!.Status, run.StopReason));
        Assert.NotNull(run.Message);
        Assert.Equal(AgentTraceKinds.RunFinished, (await Run(chat, "lee", "echo", runId).GetTraceAsync())[^1].Kind);
    }
}

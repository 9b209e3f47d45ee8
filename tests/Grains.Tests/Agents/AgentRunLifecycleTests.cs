using System.Diagnostics;
using ChatDb.Grains.Agents;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests.Agents;

/// <summary>Runs that answer before they end (queued), stream their answer, are followed through their trace, and are traced as activities.</summary>
[Collection(SharedChatCollection.Name)]
public sealed class AgentRunLifecycleTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    private IAgentRunGrain Run(string userId, string agentId, string runId) =>
        _chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun(userId, agentId, runId));

    private async Task<(string UserId, string SessionId)> AgentWithSessionAsync(string agentId, AgentDefinition? definition = null)
    {
        var userId = Json.NewUserId();
        await _chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(userId, agentId)).SaveAsync(definition ?? new AgentDefinition { Instructions = "Answer." });
        var session = await _chat.User(userId).CreateSessionAsync("talk", null);
        return (userId, session.Id);
    }

    private static async Task<List<T>> AllAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token))
        {
            list.Add(item);
        }

        return list;
    }

    [Fact]
    public async Task StartAsync_AnswersQueued_ThenTheRunProceedsToItsEnd()
    {
        var (userId, sessionId) = await AgentWithSessionAsync("later");
        var grain = Run(userId, "later", ChatGrainKeys.NewRunId());

        var queued = await grain.StartAsync(new AgentRunRequest { SessionId = sessionId, Input = "Remember the milk." });
        var updates = await AllAsync(grain.FollowAsync());

        Assert.Equal((AgentRunStatuses.Queued, null, null), (queued.Status, queued.StopReason, queued.Message));
        var ended = Assert.Single(updates, u => u.Kind == AgentRunUpdateKinds.Run).Run!;
        Assert.Equal((AgentRunStatuses.Succeeded, AgentStopReasons.Completed), (ended.Status, ended.StopReason));
        Assert.Equal("You said: Remember the milk.", ended.Message!.Content);
        Assert.Equal(AgentRunStatuses.Succeeded, (await grain.GetAsync())!.Status);
        Assert.Same(updates[^1], updates.Single(u => u.Kind == AgentRunUpdateKinds.Run));
        var again = await grain.StartAsync(new AgentRunRequest { SessionId = sessionId, Input = "again" });
        Assert.Equal((AgentRunStatuses.Succeeded, ended.OutputSeq), (again.Status, again.OutputSeq));
        Assert.Equal(2, (await _chat.Session(userId, sessionId).GetMessagesAsync(MessageQuery.Default)).Count);
    }

    [Fact]
    public async Task StartAsync_WithABadRequest_IsRefusedBeforeAnythingIsRecorded()
    {
        var (userId, _) = await AgentWithSessionAsync("strict");
        var grain = Run(userId, "strict", ChatGrainKeys.NewRunId());

        await Assert.ThrowsAsync<Storage.NotFoundError>(() => grain.StartAsync(new AgentRunRequest { SessionId = "chat_session_20260101_000000_000000", Input = "hi" }));

        Assert.Null(await grain.GetAsync());
        Assert.Empty(await AllAsync(grain.FollowAsync()));
    }

    [Fact]
    public async Task AStreamedRun_DeliversTheAnswerInPieces_ThatJoinToTheOneAppendedMessage()
    {
        var (userId, sessionId) = await AgentWithSessionAsync("talker");
        var grain = Run(userId, "talker", ChatGrainKeys.NewRunId());

        await grain.StartAsync(new AgentRunRequest { SessionId = sessionId, Input = "Tell me about the river walks.", Stream = true });
        var updates = await AllAsync(grain.FollowAsync());

        var deltas = updates.Where(u => u.Kind == AgentRunUpdateKinds.Delta).Select(u => u.Text!).ToList();
        var run = updates[^1].Run!;
        Assert.True(deltas.Count > 3, $"{deltas.Count} pieces");
        Assert.Equal("You said: Tell me about the river walks.", string.Concat(deltas));
        Assert.Equal(string.Concat(deltas), run.Message!.Content);
        var messages = await _chat.Session(userId, sessionId).GetMessagesAsync(MessageQuery.Default);
        Assert.Equal(["user", "assistant"], messages.Select(m => m.Role));
        Assert.Equal(run.Message.Content, messages[1].Content);
        Assert.True(run.Usage.OutputTokens > 0, $"usage {run.Usage}");
    }

    [Fact]
    public async Task FollowAsync_OnARunThatEnded_GivesOnlyTheRun()
    {
        var (userId, sessionId) = await AgentWithSessionAsync("done");
        var grain = Run(userId, "done", ChatGrainKeys.NewRunId());
        var run = await grain.RunAsync(new AgentRunRequest { SessionId = sessionId, Input = "hi" });

        var update = Assert.Single(await AllAsync(grain.FollowAsync()));

        Assert.Equal((AgentRunUpdateKinds.Run, run.Id, AgentRunStatuses.Succeeded), (update.Kind, update.Run!.Id, update.Run.Status));
    }

    [Fact]
    public async Task FollowTraceAsync_GivesTheEventsAfterTheCursor_AndEndsWithTheRun()
    {
        var (userId, sessionId) = await AgentWithSessionAsync("traced");
        var grain = Run(userId, "traced", ChatGrainKeys.NewRunId());

        await grain.StartAsync(new AgentRunRequest { SessionId = sessionId, Input = "hi" });
        var live = await AllAsync(grain.FollowTraceAsync(0));
        var stored = await grain.GetTraceAsync();
        var resumed = await AllAsync(grain.FollowTraceAsync(3));

        Assert.Equal(stored.Select(e => (e.Seq, e.Kind)), live.Select(e => (e.Seq, e.Kind)));
        Assert.Equal(AgentTraceKinds.RunStarted, live[0].Kind);
        Assert.Equal(AgentTraceKinds.RunFinished, live[^1].Kind);
        Assert.Equal(stored.Where(e => e.Seq > 3).Select(e => e.Seq), resumed.Select(e => e.Seq));
        Assert.Empty(await AllAsync(grain.FollowTraceAsync(stored[^1].Seq)));
    }

    [Fact]
    public async Task ARun_IsTracedAsAnInvokeAgentActivity_WithChildrenPerModelAndToolCall()
    {
        var (userId, sessionId) = await AgentWithSessionAsync("observed", new AgentDefinition { Instructions = "x", Tools = ["current_time"] });
        var runId = ChatGrainKeys.NewRunId();
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AgentTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (activities)
                {
                    activities.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var run = await Run(userId, "observed", runId).RunAsync(new AgentRunRequest { SessionId = sessionId, Input = "/tool current_time" });

        List<Activity> mine;
        lock (activities)
        {
            var root = activities.Single(a => Equals(a.GetTagItem("chatdb.run.id"), runId));
            mine = [root, .. activities.Where(a => a.ParentSpanId == root.SpanId)];
        }

        var (agent, children) = (mine[0], mine.Skip(1).ToList());
        Assert.Equal(AgentRunStatuses.Succeeded, run.Status);
        Assert.Equal("invoke_agent observed", agent.DisplayName);
        Assert.Null(agent.GetTagItem("chatdb.agent.global"));
        Assert.Equal(("invoke_agent", "observed", "chatdb-offline-1"), (agent.GetTagItem("gen_ai.operation.name"), agent.GetTagItem("gen_ai.agent.id"), agent.GetTagItem("gen_ai.request.model")));
        Assert.Equal((run.Usage.InputTokens, run.Usage.OutputTokens), ((long)agent.GetTagItem("gen_ai.usage.input_tokens")!, (long)agent.GetTagItem("gen_ai.usage.output_tokens")!));
        Assert.Equal(["chat chatdb-offline-1", "chat chatdb-offline-1", "execute_tool current_time"], children.Select(a => a.DisplayName).Order(StringComparer.Ordinal));
        var tool = children.Single(a => a.DisplayName.StartsWith("execute_tool", StringComparison.Ordinal));
        Assert.Equal(("execute_tool", "current_time"), (tool.GetTagItem("gen_ai.operation.name"), tool.GetTagItem("gen_ai.tool.name")));
        Assert.All(children.Where(a => a.DisplayName.StartsWith("chat", StringComparison.Ordinal)), a =>
            Assert.True((long)a.GetTagItem("gen_ai.usage.output_tokens")! > 0 && Equals(a.GetTagItem("gen_ai.operation.name"), "chat")));
    }
}

using System.Diagnostics;
using ChatDb.Grains.Agents;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests.Agents;

/// <summary>A user runs a global agent on their own session (docs/AGENTS.md, "Runs of global agents").</summary>
[Collection(SharedChatCollection.Name)]
public sealed class GlobalAgentRunTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    private IAgentGrain GlobalAgent(string agentId) => _chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.GlobalAgent(agentId));

    private IAgentRunGrain GlobalRun(string userId, string agentId, string runId) =>
        _chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.GlobalAgentRun(userId, agentId, runId));

    private IGlobalAgentRunsGrain Runs(string userId, string agentId) =>
        _chat.Client.GetGrain<IGlobalAgentRunsGrain>(ChatGrainKeys.GlobalAgentRuns(userId, agentId));

    /// <summary>A global agent with an id no other test uses (the cluster is shared).</summary>
    private async Task<string> NewGlobalAgentAsync(string instructions = "You help everyone.")
    {
        var agentId = "g" + Json.NewUserId();
        await GlobalAgent(agentId).SaveAsync(new AgentDefinition { Instructions = instructions });
        return agentId;
    }

    [Fact]
    public async Task RunAsync_OfAGlobalAgent_OnTheUsersSession_AppendsToThatSession_AndIsListedUnderTheUser()
    {
        var agentId = await NewGlobalAgentAsync();
        var userId = Json.NewUserId();
        var session = await _chat.User(userId).CreateSessionAsync(null, null);
        var runId = ChatGrainKeys.NewRunId();

        var run = await GlobalRun(userId, agentId, runId).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "hello there" });

        Assert.Equal((AgentRunStatuses.Succeeded, userId, agentId, true, 1), (run.Status, run.UserId, run.AgentId, run.GlobalAgent, run.AgentVersion));
        Assert.Equal("You said: hello there", run.Message!.Content);
        var messages = await _chat.Session(session).GetMessagesAsync(MessageQuery.Default);
        Assert.Equal(["user", "assistant"], messages.Select(m => m.Role));
        Assert.Equal([runId], (await Runs(userId, agentId).ListRunsAsync(10)).Select(r => r.Id));
        Assert.Contains(await GlobalRun(userId, agentId, runId).GetTraceAsync(), e => e.Kind == AgentTraceKinds.RunFinished);
        // Not the global agent's list, nor a user's own agent of the same id.
        Assert.Empty(await GlobalAgent(agentId).ListRunsAsync(10));
        Assert.Null(await _chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun(userId, agentId, runId)).GetAsync());
    }

    [Fact]
    public async Task RunAsync_OnAnotherUsersSession_IsNotFound_AndRecordsNothing()
    {
        var agentId = await NewGlobalAgentAsync();
        var (alice, mallory) = (Json.NewUserId(), Json.NewUserId());
        var alicesSession = await _chat.User(alice).CreateSessionAsync(null, null);
        var runId = ChatGrainKeys.NewRunId();

        var error = await Assert.ThrowsAsync<NotFoundError>(() =>
            GlobalRun(mallory, agentId, runId).RunAsync(new AgentRunRequest { SessionId = alicesSession.Id, Input = "read alice's chat" }));

        Assert.Contains(mallory, error.Message, StringComparison.Ordinal);
        Assert.Null(await GlobalRun(mallory, agentId, runId).GetAsync());
        Assert.Empty(await Runs(mallory, agentId).ListRunsAsync(10));
        Assert.Empty(await _chat.Session(alicesSession).GetMessagesAsync(MessageQuery.Default));
    }

    [Fact]
    public async Task RunAsync_OfAMissingGlobalAgent_IsNotFound_NamingIt()
    {
        var userId = Json.NewUserId();
        var session = await _chat.User(userId).CreateSessionAsync(null, null);

        var error = await Assert.ThrowsAsync<NotFoundError>(() =>
            GlobalRun(userId, "gnobody", ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "hi" }));

        Assert.Contains("global agent gnobody does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListRuns_ShowsOnlyTheUsersOwnRunsOfTheGlobalAgent_NewestFirst()
    {
        var agentId = await NewGlobalAgentAsync();
        var (alice, bob) = (Json.NewUserId(), Json.NewUserId());
        var aliceSession = await _chat.User(alice).CreateSessionAsync(null, null);
        var bobSession = await _chat.User(bob).CreateSessionAsync(null, null);
        var first = await GlobalRun(alice, agentId, ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = aliceSession.Id, Input = "one" });
        var second = await GlobalRun(alice, agentId, ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = aliceSession.Id, Input = "two" });
        var bobs = await GlobalRun(bob, agentId, ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = bobSession.Id, Input = "three" });

        Assert.Equal([second.Id, first.Id], (await Runs(alice, agentId).ListRunsAsync(10)).Select(r => r.Id));
        Assert.Equal([second.Id], (await Runs(alice, agentId).ListRunsAsync(1)).Select(r => r.Id));
        Assert.Equal([bobs.Id], (await Runs(bob, agentId).ListRunsAsync(10)).Select(r => r.Id));
        // Bob's run id under Alice's key is no run at all.
        Assert.Null(await GlobalRun(alice, agentId, bobs.Id).GetAsync());
        await Assert.ThrowsAsync<ValidationError>(() => Runs(alice, agentId).ListRunsAsync(0));
    }

    [Fact]
    public async Task DeleteUser_RemovesTheirRunsOfGlobalAgents_AndLeavesTheAgentAndOtherUsersRuns()
    {
        var agentId = await NewGlobalAgentAsync();
        var (alice, bob) = (Json.NewUserId(), Json.NewUserId());
        var aliceSession = await _chat.User(alice).CreateSessionAsync(null, null);
        var bobSession = await _chat.User(bob).CreateSessionAsync(null, null);
        var alices = await GlobalRun(alice, agentId, ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = aliceSession.Id, Input = "hi" });
        var bobs = await GlobalRun(bob, agentId, ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = bobSession.Id, Input = "hi" });

        await _chat.User(alice).DeleteAsync();

        Assert.Null(await GlobalRun(alice, agentId, alices.Id).GetAsync());
        Assert.Empty(await GlobalRun(alice, agentId, alices.Id).GetTraceAsync());
        Assert.Empty(await Runs(alice, agentId).ListRunsAsync(10));
        Assert.NotNull(await GlobalAgent(agentId).GetAsync());
        Assert.Equal([bobs.Id], (await Runs(bob, agentId).ListRunsAsync(10)).Select(r => r.Id));
    }

    [Fact]
    public async Task DeleteGlobalAgent_LeavesTheUsersRunsOfIt()
    {
        var agentId = await NewGlobalAgentAsync();
        var userId = Json.NewUserId();
        var session = await _chat.User(userId).CreateSessionAsync(null, null);
        var run = await GlobalRun(userId, agentId, ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "hi" });

        await GlobalAgent(agentId).DeleteAsync();

        Assert.Equal([run.Id], (await Runs(userId, agentId).ListRunsAsync(10)).Select(r => r.Id));
        Assert.Equal(AgentRunStatuses.Succeeded, (await GlobalRun(userId, agentId, run.Id).GetAsync())!.Status);
    }

    [Fact]
    public async Task ARunOfAGlobalAgent_IsTracedAsInvokeAgent_TaggedGlobal()
    {
        var agentId = await NewGlobalAgentAsync();
        var userId = Json.NewUserId();
        var session = await _chat.User(userId).CreateSessionAsync(null, null);
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

        await GlobalRun(userId, agentId, runId).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "hi" });

        Activity root;
        lock (activities)
        {
            root = activities.Single(a => Equals(a.GetTagItem("chatdb.run.id"), runId));
        }

        Assert.Equal((agentId, userId, true), (root.GetTagItem("gen_ai.agent.id"), root.GetTagItem("chatdb.user.id"), root.GetTagItem("chatdb.agent.global")));
    }

    [Fact]
    public void GlobalAgentRunKey_HasFourSegments_AndParsesBack()
    {
        var runId = ChatGrainKeys.NewRunId();

        var key = ChatGrainKeys.GlobalAgentRun("alice", "planner", runId);
        var parsed = ChatGrainKeys.ParseAgentRun(key);
        var own = ChatGrainKeys.ParseAgentRun(ChatGrainKeys.AgentRun("alice", "planner", runId));

        Assert.Equal($"alice/global/planner/{runId}", key);
        Assert.Equal(new AgentRunKey("alice", "planner", runId, GlobalAgent: true), parsed);
        Assert.False(own.GlobalAgent);
        Assert.Throws<ValidationError>(() => ChatGrainKeys.ParseAgentRun($"alice/other/planner/{runId}"));
    }
}

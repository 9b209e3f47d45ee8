using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Orleans.Storage;
using static ChatDb.Grains.Tests.Agents.AgentToolTests;

namespace ChatDb.Grains.Tests.Agents;

/// <summary>Tool calls that wait for the user's approval: approved, rejected, timed out, cancelled, and bad decisions.</summary>
public sealed class AgentApprovalTests
{
    private static async Task<(ChatCluster Chat, ChatSession Session, IAgentRunGrain Grain, Task<AgentRun> Running)> StartWaitingAsync(string userId)
    {
        var client = new ScriptedChatClient().CallTool("call_1", "current_time", new() { ["token"] = "abc" }).Answer("done");
        var chat = await ChatCluster.StartAsync(configureSilo: With(client, options: o => o.ApprovalTimeoutSeconds = 60));
        await SaveAgentAsync(chat, userId, "careful", ["current_time", "recent_messages"], ["current_time"]);
        var session = await chat.User(userId).CreateSessionAsync(null, null);
        var grain = Run(chat, userId, "careful", ChatGrainKeys.NewRunId());
        var running = grain.RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "what time is it?" });
        await TestClusters.Within(UntilAwaitingAsync(grain), "the run to await approval");
        return (chat, session, grain, running);
    }

    /// <summary>Polls the record (the run's own turn is busy waiting) until it says awaiting_approval.</summary>
    private static async Task UntilAwaitingAsync(IAgentRunGrain grain)
    {
        while ((await grain.GetAsync())?.Status != AgentRunStatuses.AwaitingApproval)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }

    [Fact]
    public async Task AnApprovedCall_WaitsForTheDecision_ThenRuns()
    {
        var (chat, session, grain, running) = await StartWaitingAsync("ann");
        await using var _ = chat;

        var waiting = await grain.GetAsync();
        var decided = await grain.DecideApprovalAsync(new AgentApprovalDecision { CallId = "call_1", Approved = true });
        var run = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(("call_1", "current_time"), (waiting!.PendingApproval!.CallId, waiting.PendingApproval.Tool));
        Assert.Equal("[redacted]", waiting.PendingApproval.Arguments!.Value.GetProperty("token").GetString());
        Assert.Equal(chat.Clock.GetUtcNow().AddSeconds(60), waiting.PendingApproval.ExpiresAt);
        Assert.Equal(AgentRunStatuses.AwaitingApproval, decided.Status);
        Assert.Equal((AgentRunStatuses.Succeeded, AgentToolOutcomes.Ok), (run.Status, Assert.Single(run.ToolCalls).Outcome));
        Assert.Null(run.PendingApproval);
        var trace = await grain.GetTraceAsync();
        var requested = Assert.Single(trace, e => e.Kind == AgentTraceKinds.ApprovalRequested);
        var approval = Assert.Single(trace, e => e.Kind == AgentTraceKinds.ApprovalDecided);
        Assert.Equal(("current_time", "call_1"), (requested.Tool, requested.CallId));
        Assert.Equal(AgentToolOutcomes.Approved, approval.Outcome);
        Assert.True(approval.Seq < trace.Single(e => e.Kind == AgentTraceKinds.ToolCalled).Seq);
        Assert.True((await ResultOfAsync(chat, session, "call_1")).ValueKind == System.Text.Json.JsonValueKind.String);
    }

    [Fact]
    public async Task ARejectedCall_GivesTheModelTheRejection_AndTheToolDoesNotRun()
    {
        var (chat, session, grain, running) = await StartWaitingAsync("ben");
        await using var _ = chat;

        await grain.DecideApprovalAsync(new AgentApprovalDecision { CallId = "call_1", Approved = false, Reason = "not now" });
        var run = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((AgentRunStatuses.Succeeded, AgentToolOutcomes.Rejected), (run.Status, Assert.Single(run.ToolCalls).Outcome));
        Assert.Equal("tool 'current_time' was rejected by the user: not now", (await ResultOfAsync(chat, session, "call_1")).GetProperty("error").GetString());
        var trace = await grain.GetTraceAsync();
        Assert.DoesNotContain(trace, e => e.Kind == AgentTraceKinds.ToolCalled);
        var decided = Assert.Single(trace, e => e.Kind == AgentTraceKinds.ApprovalDecided);
        Assert.Equal((AgentToolOutcomes.Rejected, "not now"), (decided.Outcome, decided.Error));
    }

    [Fact]
    public async Task NoDecisionWithinTheTimeout_GivesTheModelApprovalTimedOut()
    {
        var (chat, session, grain, running) = await StartWaitingAsync("cat");
        await using var _ = chat;

        chat.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(running.IsCompleted);
        chat.Clock.Advance(TimeSpan.FromSeconds(1));
        var run = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((AgentRunStatuses.Succeeded, AgentToolOutcomes.ApprovalTimedOut), (run.Status, Assert.Single(run.ToolCalls).Outcome));
        Assert.Contains("approval timed out", (await ResultOfAsync(chat, session, "call_1")).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(AgentToolOutcomes.TimedOut, (await grain.GetTraceAsync()).Single(e => e.Kind == AgentTraceKinds.ApprovalDecided).Outcome);
    }

    [Fact]
    public async Task CancelWhileAwaitingApproval_CancelsTheRun()
    {
        var (chat, _, grain, running) = await StartWaitingAsync("dee");
        await using var _ = chat;

        await grain.CancelAsync();
        var run = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((AgentRunStatuses.Cancelled, AgentStopReasons.Cancelled), (run.Status, run.StopReason));
        Assert.Null(run.PendingApproval);
        Assert.Equal(AgentTraceKinds.RunCancelled, (await grain.GetTraceAsync())[^1].Kind);
    }

    [Fact]
    public async Task ACallWaitingForApproval_IsNotInTheSession_UntilItsResultIsStoredWithIt()
    {
        var (chat, session, grain, running) = await StartWaitingAsync("fay");
        await using var _ = chat;

        var waiting = await chat.Session(session).GetMessagesAsync(MessageQuery.Default);
        await grain.DecideApprovalAsync(new AgentApprovalDecision { CallId = "call_1", Approved = true });
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        var stored = await chat.Session(session).GetMessagesAsync(MessageQuery.Default);

        Assert.Equal(["user"], waiting.Select(m => m.Role));
        Assert.Equal(["user", "assistant", "tool", "assistant"], stored.Select(m => m.Role));
        Assert.Equal([1L, 2, 3, 4], stored.Select(m => m.Seq));
        Assert.Equal("call_1", Assert.Single(stored[1].Parts!).CallId);
        Assert.Equal("call_1", Assert.Single(stored[2].Parts!).CallId);
    }

    [Fact]
    public async Task ARunCancelledWhileACallWaits_LeavesNoToolCallWithoutItsResultInTheSession()
    {
        var (chat, session, grain, running) = await StartWaitingAsync("gus");
        await using var _ = chat;

        await grain.CancelAsync();
        var run = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(AgentRunStatuses.Cancelled, run.Status);
        Assert.Equal(["user"], (await chat.Session(session).GetMessagesAsync(MessageQuery.Default)).Select(m => m.Role));
    }

    [Fact]
    public async Task ADecisionForAnotherCall_IsNotFound_AndOneForARunNotWaiting_IsAConflict()
    {
        var (chat, _, grain, running) = await StartWaitingAsync("eve");
        await using var _ = chat;

        var unknown = await Assert.ThrowsAsync<NotFoundError>(() => grain.DecideApprovalAsync(new AgentApprovalDecision { CallId = "call_9", Approved = true }));
        await grain.DecideApprovalAsync(new AgentApprovalDecision { CallId = "call_1", Approved = true });
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        var late = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.DecideApprovalAsync(new AgentApprovalDecision { CallId = "call_1", Approved = true }));
        var missing = await Assert.ThrowsAsync<NotFoundError>(() =>
            Run(chat, "eve", "careful", ChatGrainKeys.NewRunId()).DecideApprovalAsync(new AgentApprovalDecision { CallId = "call_1", Approved = true }));

        Assert.Contains("no pending tool call \"call_9\"", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("is succeeded, not awaiting_approval", late.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
    }
}

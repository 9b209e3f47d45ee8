using System.Globalization;
using ChatDb.Grains.Agents;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Tests.MultiAgent;

/// <summary>
/// An agent's own tools in a panel run: the calls run and answered within the turn, stored as structured parts of the
/// agent's role and traced, beside the handoff tool; the round cap; tool traffic never counted as a turn.
/// </summary>
public sealed class PanelAgentToolTests
{
    private const string User = "alice";

    private static string Role(string agentId) => $"{User}/{agentId}";

    private static async Task<string> PanelAsync(ChatCluster chat, params (string Id, string[] Tools)[] agents)
    {
        foreach (var (id, tools) in agents)
        {
            await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(User, id)).SaveAsync(new AgentDefinition { Instructions = $"You are {id}.", Tools = tools });
        }

        var panel = await chat.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global)
            .CreatePanelWithAgentsAsync("debate", null, agents.Select(a => new PanelAgent(User, a.Id)).ToList(), null);
        return panel.Id;
    }

    [Fact]
    public async Task ASpeakerCallsItsOwnTool_TheResultComesBackInItsTurn_StoredAsPartsAndTraced()
    {
        var model = new PanelModel().CallTool(Role("clock"), "call_1", "current_time").Answer(Role("clock"), "It is late.");
        await using var chat = await PanelRunTests.ClusterAsync(model);
        var panelId = await PanelAsync(chat, ("clock", ["current_time"]), ("plain", []));

        var run = await PanelRunTests.RunAsync(chat, panelId, new PanelRunRequest { Input = "What time is it?", Strategy = PanelStrategies.RoundRobin, MaxTurns = 2 });

        Assert.Equal((AgentRunStatuses.Succeeded, PanelStopReasons.MaxTurns), (run.Status, run.StopReason));
        Assert.Equal([Role("clock"), Role("plain")], run.Turns.Select(t => t.Role));
        var now = chat.Clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

        // The clock's second call got the call and its result; the others saw only what it said.
        var clockCalls = model.Calls.Where(c => c.Speaker == Role("clock")).ToList();
        Assert.Equal(2, clockCalls.Count);
        var result = Assert.Single(clockCalls[1].Prompt.SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.Equal("call_1", result.CallId);
        Assert.Contains(now, result.Result?.ToString(), StringComparison.Ordinal);
        var plainPrompt = Assert.Single(model.Calls, c => c.Speaker == Role("plain")).Prompt;
        Assert.DoesNotContain(plainPrompt, m => m.Contents.Any(c => c is FunctionCallContent or FunctionResultContent));
        Assert.Equal($"{Role("clock")}: It is late.", plainPrompt[^1].Text);

        var messages = await chat.Client.GetGrain<IPanelGrain>(panelId).GetMessagesAsync(MessageQuery.Default);
        Assert.Equal(["user", Role("clock"), Role("clock"), Role("clock"), Role("plain")], messages.Select(m => m.Role));
        var call = Assert.Single(messages[1].Parts!);
        Assert.Equal((MessagePartTypes.ToolCall, "call_1", "current_time"), (call.Type, call.CallId, call.Name));
        var stored = Assert.Single(messages[2].Parts!);
        Assert.Equal((MessagePartTypes.ToolResult, "call_1"), (stored.Type, stored.CallId));
        Assert.Equal(now, stored.Result!.Value.GetString());
        Assert.Equal(messages[3].Seq, run.Turns[0].Seq);

        var trace = await PanelRunTests.Run(chat, panelId, run.Id).GetTraceAsync();
        var called = Assert.Single(trace, e => e.Kind == PanelTraceKinds.ToolCalled);
        Assert.Equal((Role("clock"), "current_time", "call_1", AgentToolOutcomes.Ok, 1), (called.Speaker, called.Tool, called.CallId, called.Outcome, called.Turn));
        Assert.Equal(3, trace.Count(e => e.Kind == PanelTraceKinds.ModelCalled));
        Assert.True(run.Usage.InputTokens >= trace.Where(e => e.Kind == PanelTraceKinds.ModelCalled).Sum(e => e.InputTokens ?? 0), $"usage {run.Usage}");
    }

    [Fact]
    public async Task UnderHandoff_AnAgentMayCallItsToolThenHandOff()
    {
        var model = new PanelModel()
            .CallTool(Role("clock"), "call_t", "current_time")
            .Handoff(Role("clock"), Role("plain"), "Over to plain.")
            .Answer(Role("plain"), "Done.");
        await using var chat = await PanelRunTests.ClusterAsync(model);
        var panelId = await PanelAsync(chat, ("clock", ["current_time"]), ("plain", []));

        var run = await PanelRunTests.RunAsync(chat, panelId, new PanelRunRequest { Input = "Time, then hand off.", Strategy = PanelStrategies.Handoff, MaxTurns = 5 });

        Assert.Equal((AgentRunStatuses.Succeeded, PanelStopReasons.Completed), (run.Status, run.StopReason));
        Assert.Equal([Role("clock"), Role("plain")], run.Turns.Select(t => t.Role));
        Assert.Equal("handoff from alice/clock", run.Turns[1].Reason);
        var trace = await PanelRunTests.Run(chat, panelId, run.Id).GetTraceAsync();
        Assert.Equal(AgentToolOutcomes.Ok, Assert.Single(trace, e => e.Kind == PanelTraceKinds.ToolCalled).Outcome);
        Assert.Single(trace, e => e.Kind == PanelTraceKinds.Handoff);
    }

    [Fact]
    public async Task ASpeakerAskingForToolsBeyondTheRoundCap_FailsItsTurn_AndTheRunGoesOn()
    {
        var model = new PanelModel();
        for (var round = 0; round <= AgentRunGrain.MaxToolRounds; round++)
        {
            model.CallTool(Role("loop"), $"call_{round}", "current_time");
        }

        await using var chat = await PanelRunTests.ClusterAsync(model);
        var panelId = await PanelAsync(chat, ("loop", ["current_time"]), ("plain", []));

        var run = await PanelRunTests.RunAsync(chat, panelId, new PanelRunRequest { Input = "Loop.", Strategy = PanelStrategies.RoundRobin, MaxTurns = 1 });

        Assert.Equal([Role("plain")], run.Turns.Select(t => t.Role));
        var trace = await PanelRunTests.Run(chat, panelId, run.Id).GetTraceAsync();
        var failed = Assert.Single(trace, e => e.Kind == PanelTraceKinds.ParticipantFailed);
        Assert.Equal(Role("loop"), failed.Speaker);
        Assert.Contains("rule: tool-rounds", failed.Error, StringComparison.Ordinal);
        Assert.Equal(AgentRunGrain.MaxToolRounds, trace.Count(e => e.Kind == PanelTraceKinds.ToolCalled));
    }

    [Fact]
    public async Task AToolThatNeedsApproval_IsRefusedInAPanelRun_AndTheModelGetsTheRefusal()
    {
        var model = new PanelModel().CallTool(Role("clock"), "call_a", "current_time").Answer(Role("clock"), "No time for you.");
        await using var chat = await PanelRunTests.ClusterAsync(model);
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(User, "clock"))
            .SaveAsync(new AgentDefinition { Instructions = "You are clock.", Tools = ["current_time"], ApprovalRequired = ["current_time"] });
        var panelId = (await chat.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global)
            .CreatePanelWithAgentsAsync("debate", null, [new PanelAgent(User, "clock")], null)).Id;

        var run = await PanelRunTests.RunAsync(chat, panelId, new PanelRunRequest { Input = "Time?", Strategy = PanelStrategies.RoundRobin, MaxTurns = 1 });

        Assert.Equal([Role("clock")], run.Turns.Select(t => t.Role));
        var called = Assert.Single(await PanelRunTests.Run(chat, panelId, run.Id).GetTraceAsync(), e => e.Kind == PanelTraceKinds.ToolCalled);
        Assert.Equal(AgentToolOutcomes.Rejected, called.Outcome);
        Assert.Contains("needs the user's approval", called.Error, StringComparison.Ordinal);
        var result = Assert.Single(model.Calls[^1].Prompt.SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.Contains("needs the user's approval", result.Result?.ToString(), StringComparison.Ordinal);
    }
}

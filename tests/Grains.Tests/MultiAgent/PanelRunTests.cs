using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;
using Orleans.Storage;

namespace ChatDb.Grains.Tests.MultiAgent;

/// <summary>Panel runs on scripted models: the speaker order of every strategy, termination, failures, cancellation and restart.</summary>
public sealed class PanelRunTests
{
    private const string User = "alice";

    private static Action<ISiloBuilder> With(PanelModel model) => silo =>
    {
        silo.Services.RemoveAll<IAgentChatClientFactory>();
        silo.Services.AddSingleton<IAgentChatClientFactory>(model);
    };

    internal static string Role(string agentId) => $"{User}/{agentId}";

    internal static async Task<ChatCluster> ClusterAsync(PanelModel model, short silos = 1) => await ChatCluster.StartAsync(configureSilo: With(model), silos: silos);

    /// <summary>Saves the agents (id and description) and creates a panel of them, in that order.</summary>
    internal static async Task<string> PanelAsync(ChatCluster chat, params (string Id, string Description)[] agents)
    {
        foreach (var (id, description) in agents)
        {
            await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(User, id)).SaveAsync(new AgentDefinition { Instructions = $"You are {id}.", Description = description });
        }

        var panel = await chat.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global)
            .CreatePanelWithAgentsAsync("debate", null, agents.Select(a => new PanelAgent(User, a.Id)).ToList(), null);
        return panel.Id;
    }

    private static Task<string> PanelAsync(ChatCluster chat, params string[] agentIds) => PanelAsync(chat, agentIds.Select(id => (id, $"agent {id}")).ToArray());

    internal static IPanelRunGrain Run(ChatCluster chat, string panelId, string runId) => chat.Client.GetGrain<IPanelRunGrain>(ChatGrainKeys.PanelRun(panelId, runId));

    internal static async Task<PanelRun> RunAsync(ChatCluster chat, string panelId, PanelRunRequest request) =>
        await Run(chat, panelId, ChatGrainKeys.NewRunId()).RunAsync(request);

    /// <summary>
    /// A round-robin run of ana, bo and cy (3 turns) started, then the silo restarted while <paramref name="model"/>
    /// holds the speaker it was told to hold; returns the run as the restart left it.
    /// </summary>
    private static async Task<(string PanelId, string RunId, PanelRun Interrupted)> RunCutOffByARestartAsync(ChatCluster chat, PanelModel model)
    {
        var panelId = await PanelAsync(chat, "ana", "bo", "cy");
        var runId = ChatGrainKeys.NewRunId();
        await Run(chat, panelId, runId).StartAsync(new PanelRunRequest { Input = "Debate.", Strategy = PanelStrategies.RoundRobin, MaxTurns = 3 });
        await model.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await chat.RestartAsync();
        return (panelId, runId, (await Run(chat, panelId, runId).GetAsync())!);
    }

    private static async Task<List<PanelTraceEvent>> FollowAsync(IPanelRunGrain run)
    {
        var events = new List<PanelTraceEvent>();
        await foreach (var item in run.FollowTraceAsync(0).WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token))
        {
            events.Add(item);
        }

        return events;
    }

    [Fact]
    public async Task RoundRobin_SpeaksInPanelOrder_UntilMaxTurns_EachTurnAppendedWithTheAgentsRole()
    {
        var model = new PanelModel();
        await using var chat = await ClusterAsync(model);
        var panelId = await PanelAsync(chat, "ana", "bo", "cy");

        var run = await RunAsync(chat, panelId, new PanelRunRequest { Input = "Should we ship on Friday?", Strategy = PanelStrategies.RoundRobin, MaxTurns = 5 });

        Assert.Equal((AgentRunStatuses.Succeeded, PanelStopReasons.MaxTurns, null), (run.Status, run.StopReason, run.Error));
        Assert.Equal([Role("ana"), Role("bo"), Role("cy"), Role("ana"), Role("bo")], run.Turns.Select(t => t.Role));
        Assert.Equal(["ana", "bo", "cy", "ana", "bo"], run.Turns.Select(t => t.Agent));
        var messages = await chat.Client.GetGrain<IPanelGrain>(panelId).GetMessagesAsync(MessageQuery.Default);
        Assert.Equal(["user", .. run.Turns.Select(t => t.Role)], messages.Select(m => m.Role));
        Assert.Equal(messages.Skip(1).Select(m => m.Seq), run.Turns.Select(t => t.Seq));
        Assert.Equal("bo speaks", messages[^1].Content);
        // The second speaker saw the first one's words as a user message naming its role.
        Assert.Contains(model.Calls[1].Prompt, m => m.Text == $"{Role("ana")}: ana speaks");
        var trace = await Run(chat, panelId, run.Id).GetTraceAsync();
        Assert.Equal(5, trace.Count(e => e.Kind == PanelTraceKinds.SpeakerSelected));
        Assert.Equal("round robin: next after alice/ana", trace.Where(e => e.Kind == PanelTraceKinds.SpeakerSelected).ElementAt(1).Reason);
        Assert.Equal(PanelTraceKinds.RunFinished, trace[^1].Kind);
        Assert.True(run.Usage.InputTokens > 0 && run.Usage.OutputTokens > 0, $"usage {run.Usage}");

        // A model that reports no usage is counted from the history as fitted: ana's second prompt has three messages more.
        var inputs = trace.Where(e => e.Kind == PanelTraceKinds.ModelCalled).Select(e => e.InputTokens!.Value).ToList();
        Assert.Equal(run.Usage.InputTokens, inputs.Sum());
        Assert.True(inputs[3] > inputs[0], $"ana's model calls counted {inputs[0]} then {inputs[3]} input tokens");
        Assert.Equal([run.Id], (await chat.Client.GetGrain<IPanelGrain>(panelId).ListRunsAsync(10)).Select(r => r.Id));
    }

    [Fact]
    public async Task AnAgentAddedByAPatch_SpeaksInTheNextRun_AndARemovedOneNoLonger()
    {
        var model = new PanelModel();
        await using var chat = await ClusterAsync(model);
        var panelId = await PanelAsync(chat, "ana", "bo");
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(User, "cy")).SaveAsync(new AgentDefinition { Instructions = "You are cy." });
        var first = await RunAsync(chat, panelId, new PanelRunRequest { Input = "Round one.", Strategy = PanelStrategies.RoundRobin, MaxTurns = 2 });

        await chat.Client.GetGrain<IPanelGrain>(panelId).UpdateAsync(new PanelPatch { AddAgents = [new PanelAgent(User, "cy")], RemoveAgents = [new PanelAgent(User, "ana")] });
        var second = await RunAsync(chat, panelId, new PanelRunRequest { Input = "Round two.", Strategy = PanelStrategies.RoundRobin, MaxTurns = 3 });

        Assert.Equal([Role("ana"), Role("bo")], first.Turns.Select(t => t.Role));
        Assert.Equal([Role("bo"), Role("cy"), Role("bo")], second.Turns.Select(t => t.Role));
        Assert.Contains($"a conversation among {Role("bo")}, {Role("cy")}", model.Calls[^1].Prompt[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APatchOverPanelMaxPersonas_NamesTheLimit_CountingPersonasAndAgents()
    {
        await using var chat = await ChatCluster.StartAsync(o => o.PanelMaxPersonas = 2, With(new PanelModel()));
        var panelId = await PanelAsync(chat, "ana", "bo");
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(User, "cy")).SaveAsync(new AgentDefinition { Instructions = "You are cy." });

        var error = await Assert.ThrowsAsync<StorageLimitExceeded>(() => chat.Client.GetGrain<IPanelGrain>(panelId)
            .UpdateAsync(new PanelPatch { AddAgents = [new PanelAgent(User, "cy")] }));

        Assert.Equal(("PanelMaxPersonas", 2L, 3L), (error.LimitName, error.Limit, error.Actual));
        Assert.Contains("0 persona(s) and 3 agent(s)", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await chat.Client.GetGrain<IPanelGrain>(panelId).GetAsync())!.Agents!.Count);
    }

    [Fact]
    public async Task Router_GivesEachTurnToTheAgentWhoseDescriptionMatchesTheNewestMessage()
    {
        var model = new PanelModel().Answer(Role("mechanic"), "Before the engine, what will you cook for dinner: pasta or a kitchen recipe?");
        await using var chat = await ClusterAsync(model);
        var panelId = await PanelAsync(chat, ("cook", "cooking recipes, dinner, pasta, kitchen"), ("mechanic", "car engines, brakes and repairs"), ("poet", "poems and rhymes"));

        var run = await RunAsync(chat, panelId, new PanelRunRequest { Input = "My car engine rattles and the brakes squeak.", Strategy = PanelStrategies.Router, MaxTurns = 2 });

        Assert.Equal([Role("mechanic"), Role("cook")], run.Turns.Select(t => t.Role));
        var selections = (await Run(chat, panelId, run.Id).GetTraceAsync()).Where(e => e.Kind == PanelTraceKinds.SpeakerSelected).ToList();
        Assert.All(selections, e => Assert.True(e.Score > 0, $"score {e.Score}"));
        Assert.StartsWith("router: its description is nearest the newest message", selections[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Selector_FollowsTheModerator_FallsBackOnAnAnswerNamingNobody_AndEndsWhenItSaysDone()
    {
        var model = new PanelModel()
            .Answer(PanelModel.ModeratorKey, Role("bo"))
            .Answer(PanelModel.ModeratorKey, "I am not sure, maybe someone?")
            .Answer(PanelModel.ModeratorKey, "DONE");
        await using var chat = await ClusterAsync(model);
        var panelId = await PanelAsync(chat, "ana", "bo", "cy");
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(User, "chair")).SaveAsync(new AgentDefinition { Instructions = "Moderate." });

        var run = await RunAsync(chat, panelId, new PanelRunRequest { Input = "Pick a venue.", Strategy = PanelStrategies.Selector, Moderator = Role("chair"), MaxTurns = 10 });

        Assert.Equal((AgentRunStatuses.Succeeded, PanelStopReasons.Moderator), (run.Status, run.StopReason));
        Assert.Equal([Role("bo"), Role("cy")], run.Turns.Select(t => t.Role));
        Assert.Equal("selector: moderator alice/chair chose it", run.Turns[0].Reason);
        var trace = await Run(chat, panelId, run.Id).GetTraceAsync();
        var fallback = Assert.Single(trace, e => e.Kind == PanelTraceKinds.SelectionFallback);
        Assert.Contains("names no agent of the panel", fallback.Reason, StringComparison.Ordinal);
        Assert.Equal([PanelModel.ModeratorKey, Role("bo"), PanelModel.ModeratorKey, Role("cy"), PanelModel.ModeratorKey], model.Speakers);
    }

    [Fact]
    public async Task Handoff_PassesTheWordAlongTheChain_AndAnAnswerWithoutAHandoffEndsTheRun()
    {
        var model = new PanelModel()
            .Handoff(Role("triage"), Role("billing"), "This is about money.")
            .Handoff(Role("billing"), Role("refunds"))
            .Answer(Role("refunds"), "Your refund is on its way.");
        await using var chat = await ClusterAsync(model);
        var panelId = await PanelAsync(chat, "triage", "billing", "refunds");

        var run = await RunAsync(chat, panelId, new PanelRunRequest { Input = "I was charged twice.", Strategy = PanelStrategies.Handoff, MaxTurns = 10 });

        Assert.Equal((AgentRunStatuses.Succeeded, PanelStopReasons.Completed), (run.Status, run.StopReason));
        Assert.Equal([Role("triage"), Role("billing"), Role("refunds")], run.Turns.Select(t => t.Role));
        Assert.Equal(["handoff: the first agent opens", "handoff from alice/triage", "handoff from alice/billing"], run.Turns.Select(t => t.Reason));
        var messages = await chat.Client.GetGrain<IPanelGrain>(panelId).GetMessagesAsync(MessageQuery.Default);
        Assert.Equal(["I was charged twice.", "This is about money.", "(hands off to alice/refunds)", "Your refund is on its way."], messages.Select(m => m.Content));
        var handoffs = (await Run(chat, panelId, run.Id).GetTraceAsync()).Where(e => e.Kind == PanelTraceKinds.Handoff).Select(e => e.Speaker);
        Assert.Equal([Role("billing"), Role("refunds")], handoffs);
    }

    [Fact]
    public async Task Concurrent_AllAnswerTheInput_ThenTheAggregatorMergesTheirAnswers()
    {
        var model = new PanelModel().Answer(Role("cy"), "cy speaks").Answer(Role("cy"), "Merged: go.");
        await using var chat = await ClusterAsync(model);
        var panelId = await PanelAsync(chat, "ana", "bo", "cy");
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(User, "judge")).SaveAsync(new AgentDefinition { Instructions = "Merge." });
        var outsider = Run(chat, panelId, ChatGrainKeys.NewRunId());

        var run = await RunAsync(chat, panelId, new PanelRunRequest { Input = "Go or no go?", Strategy = PanelStrategies.Concurrent, Aggregator = Role("cy") });

        Assert.Equal((AgentRunStatuses.Succeeded, PanelStopReasons.Completed, null), (run.Status, run.StopReason, run.Error));
        Assert.Equal([Role("ana"), Role("bo"), Role("cy"), Role("cy")], run.Turns.Select(t => t.Role));
        Assert.Equal("aggregator: merges 3 answers", run.Turns[^1].Reason);
        // Each answering agent saw only the input; the aggregator saw every answer.
        Assert.All(model.Calls.Take(3), c => Assert.Equal(2, c.Prompt.Count));
        var merge = model.Calls[^1];
        Assert.Equal(Role("cy"), merge.Speaker);
        Assert.Contains(merge.Prompt, m => m.Text == $"{Role("ana")}: ana speaks");
        Assert.Contains(merge.Prompt, m => m.Text == $"{Role("bo")}: bo speaks");
        Assert.Contains(merge.Prompt, m => m.Role == Microsoft.Extensions.AI.ChatRole.Assistant && m.Text == "cy speaks");
        Assert.Equal("Merged: go.", (await chat.Client.GetGrain<IPanelGrain>(panelId).GetMessagesAsync(MessageQuery.Default))[^1].Content);
        Assert.Contains("panel-agent", (await Assert.ThrowsAsync<ValidationError>(() =>
            outsider.RunAsync(new PanelRunRequest { Input = "x", Strategy = PanelStrategies.Concurrent, Aggregator = Role("judge") }))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailingParticipant_IsSkippedWithATraceEvent_AndTheRunGoesOn()
    {
        var model = new PanelModel().Failing(Role("ana"));
        await using var chat = await ClusterAsync(model);
        var panelId = await PanelAsync(chat, "ana", "bo", "cy");

        var run = await RunAsync(chat, panelId, new PanelRunRequest { Input = "Plan the release.", Strategy = PanelStrategies.RoundRobin, MaxTurns = 3 });

        Assert.Equal((AgentRunStatuses.Succeeded, PanelStopReasons.MaxTurns), (run.Status, run.StopReason));
        Assert.Equal([Role("bo"), Role("cy"), Role("bo")], run.Turns.Select(t => t.Role));
        var failures = (await Run(chat, panelId, run.Id).GetTraceAsync()).Where(e => e.Kind == PanelTraceKinds.ParticipantFailed).ToList();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.Equal((Role("ana"), "InvalidOperationException: alice/ana is broken"), (f.Speaker, f.Error)));
    }

    [Fact]
    public async Task WhenEveryParticipantFails_TheRunFails_InsteadOfStalling()
    {
        var model = new PanelModel().Failing(Role("ana")).Failing(Role("bo"));
        await using var chat = await ClusterAsync(model);
        var panelId = await PanelAsync(chat, "ana", "bo");

        var run = await RunAsync(chat, panelId, new PanelRunRequest { Input = "Anyone?", Strategy = PanelStrategies.RoundRobin, MaxTurns = 50 });

        Assert.Equal((AgentRunStatuses.Failed, PanelStopReasons.Error), (run.Status, run.StopReason));
        Assert.Contains("every agent of the panel failed", run.Error, StringComparison.Ordinal);
        Assert.Equal(2, model.Calls.Count);
    }

    [Fact]
    public async Task AStopPhrase_OrATokenBudget_EndsTheRun()
    {
        var model = new PanelModel().Answer(Role("bo"), "Then we AGREE on Lisbon.");
        await using var chat = await ClusterAsync(model);
        var panelId = await PanelAsync(chat, "ana", "bo");

        var phrase = await RunAsync(chat, panelId, new PanelRunRequest { Input = "Where?", Strategy = PanelStrategies.RoundRobin, MaxTurns = 9, StopPhrase = "we agree" });
        var budget = await RunAsync(chat, panelId, new PanelRunRequest { Input = "When?", Strategy = PanelStrategies.RoundRobin, MaxTurns = 9, TokenBudget = 1 });

        Assert.Equal((PanelStopReasons.StopPhrase, 2), (phrase.StopReason, phrase.Turns.Count));
        Assert.Equal((PanelStopReasons.TokenBudget, 1), (budget.StopReason, budget.Turns.Count));
    }

    [Fact]
    public async Task ACancelledRun_EndsCancelled_WithItsCompletedTurnsKept()
    {
        var model = new PanelModel().Hold(Role("bo"));
        await using var chat = await ClusterAsync(model);
        var panelId = await PanelAsync(chat, "ana", "bo");
        var grain = Run(chat, panelId, ChatGrainKeys.NewRunId());

        var queued = await grain.StartAsync(new PanelRunRequest { Input = "Debate.", Strategy = PanelStrategies.RoundRobin, MaxTurns = 4 });
        await model.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await grain.CancelAsync();
        var trace = await FollowAsync(grain);

        Assert.Equal(AgentRunStatuses.Queued, queued.Status);
        var run = (await grain.GetAsync())!;
        Assert.Equal((AgentRunStatuses.Cancelled, PanelStopReasons.Cancelled), (run.Status, run.StopReason));
        Assert.Equal([Role("ana")], run.Turns.Select(t => t.Role));
        Assert.Equal(PanelTraceKinds.RunCancelled, trace[^1].Kind);
    }

    [Fact]
    public async Task ARunCutOffByARestart_IsFailedWithItsTurnsKept_AndResumesFromTheLastCompletedTurn()
    {
        var model = new PanelModel().Hold(Role("bo"));
        await using var chat = await ClusterAsync(model);
        var (panelId, runId, interrupted) = await RunCutOffByARestartAsync(chat, model);

        Assert.Equal((AgentRunStatuses.Failed, PanelStopReasons.Interrupted), (interrupted.Status, interrupted.StopReason));
        Assert.Equal([Role("ana")], interrupted.Turns.Select(t => t.Role));

        var resumed = await Run(chat, panelId, runId).ResumeAsync();
        await FollowAsync(Run(chat, panelId, runId));
        var ended = (await Run(chat, panelId, runId).GetAsync())!;

        Assert.Equal((AgentRunStatuses.Running, 1), (resumed.Status, resumed.Resumes));
        Assert.Equal((AgentRunStatuses.Succeeded, PanelStopReasons.MaxTurns), (ended.Status, ended.StopReason));
        Assert.Equal([Role("ana"), Role("bo"), Role("cy")], ended.Turns.Select(t => t.Role));
        var messages = await chat.Client.GetGrain<IPanelGrain>(panelId).GetMessagesAsync(MessageQuery.Default);
        Assert.Equal(["user", Role("ana"), Role("bo"), Role("cy")], messages.Select(m => m.Role));
        var kinds = (await Run(chat, panelId, runId).GetTraceAsync()).Select(e => e.Kind).ToList();
        Assert.Equal(1, kinds.Count(k => k == PanelTraceKinds.RunFailed));
        Assert.Equal(1, kinds.Count(k => k == PanelTraceKinds.RunResumed));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Run(chat, panelId, runId).ResumeAsync());
    }

    [Fact]
    public async Task ARunCutOffAfterTwoTurns_KeepsExactlyTheTurnsItsPanelMessagesShow_WithTheirReasons()
    {
        var model = new PanelModel().Hold(Role("cy"));
        await using var chat = await ClusterAsync(model);
        var (panelId, runId, interrupted) = await RunCutOffByARestartAsync(chat, model);
        var messages = await chat.Client.GetGrain<IPanelGrain>(panelId).GetMessagesAsync(MessageQuery.Default);

        Assert.Equal(["user", Role("ana"), Role("bo")], messages.Select(m => m.Role));
        Assert.Equal((AgentRunStatuses.Failed, PanelStopReasons.Interrupted, messages[0].Seq), (interrupted.Status, interrupted.StopReason, interrupted.InputSeq));
        Assert.Equal(messages.Skip(1).Select(m => (m.Seq, m.Role)), interrupted.Turns.Select(t => (t.Seq, t.Role)));
        Assert.Equal(["round robin: the first agent opens", $"round robin: next after {Role("ana")}"], interrupted.Turns.Select(t => t.Reason));
        Assert.Equal(["ana", "bo"], interrupted.Turns.Select(t => t.Agent));
    }

    [Fact]
    public async Task OnTwoSilos_ARunsTurnsGoInOrder()
    {
        var model = new PanelModel();
        await using var chat = await ClusterAsync(model, silos: 2);
        var panelId = await PanelAsync(chat, "ana", "bo");

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            RunAsync(chat, panelId, new PanelRunRequest { Input = "Go.", Strategy = PanelStrategies.RoundRobin, MaxTurns = 2 })));

        Assert.All(runs, r => Assert.Equal([Role("ana"), Role("bo")], r.Turns.Select(t => t.Role)));
        Assert.Equal(4, (await chat.Client.GetGrain<IPanelGrain>(panelId).ListRunsAsync(10)).Count);
    }

    [Fact]
    public async Task BadRequests_AreRefusedNamingTheProblem_AndRecordNothing()
    {
        var model = new PanelModel();
        await using var chat = await ClusterAsync(model);
        var panelId = await PanelAsync(chat, "ana");
        var personasOnly = await chat.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).CreatePanelAsync("t", ["tutor"], null);
        var grain = Run(chat, panelId, ChatGrainKeys.NewRunId());

        Assert.Contains("known-strategy", (await Assert.ThrowsAsync<ValidationError>(() => grain.RunAsync(new PanelRunRequest { Input = "x", Strategy = "chaos" }))).Message, StringComparison.Ordinal);
        Assert.Contains("needs a moderator", (await Assert.ThrowsAsync<ValidationError>(() => grain.RunAsync(new PanelRunRequest { Input = "x", Strategy = PanelStrategies.Selector }))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ValidationError>(() => grain.RunAsync(new PanelRunRequest { Input = "x", Strategy = PanelStrategies.Selector, Moderator = "../../etc" }));
        await Assert.ThrowsAsync<ValidationError>(() => grain.RunAsync(new PanelRunRequest { Input = "x", Strategy = PanelStrategies.Selector, Moderator = "alice/../x" }));
        Assert.Contains("agent ghost of user alice does not exist", (await Assert.ThrowsAsync<NotFoundError>(() =>
            grain.RunAsync(new PanelRunRequest { Input = "x", Strategy = PanelStrategies.Selector, Moderator = "alice/ghost" }))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ValidationError>(() => grain.RunAsync(new PanelRunRequest { Input = " ", Strategy = PanelStrategies.RoundRobin }));
        await Assert.ThrowsAsync<ValidationError>(() => grain.RunAsync(new PanelRunRequest { Input = "x", Strategy = PanelStrategies.RoundRobin, MaxTurns = 0 }));
        Assert.Contains("panel-agents", (await Assert.ThrowsAsync<ValidationError>(() =>
            Run(chat, personasOnly.Id, ChatGrainKeys.NewRunId()).RunAsync(new PanelRunRequest { Input = "x", Strategy = PanelStrategies.RoundRobin }))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundError>(() =>
            Run(chat, "panel_20200101_000000_000000", ChatGrainKeys.NewRunId()).RunAsync(new PanelRunRequest { Input = "x", Strategy = PanelStrategies.RoundRobin }));
        await Assert.ThrowsAsync<ValidationError>(() => chat.Client.GetGrain<IPanelRunGrain>($"{panelId}/../run").GetAsync());
        await Assert.ThrowsAsync<NotFoundError>(() => grain.ResumeAsync());

        Assert.Null(await grain.GetAsync());
        Assert.Empty(await chat.Client.GetGrain<IPanelGrain>(panelId).ListRunsAsync(10));
    }
}

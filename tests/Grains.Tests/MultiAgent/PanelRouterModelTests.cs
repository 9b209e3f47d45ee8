using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using static ChatDb.Grains.Tests.MultiAgent.PanelRunTests;

namespace ChatDb.Grains.Tests.MultiAgent;

/// <summary>The router with a router model: the model chooses the speaker, the embedding choice is the fallback.</summary>
public sealed class PanelRouterModelTests
{
    private static readonly (string, string)[] Specialists =
        [("cook", "cooking recipes, dinner, pasta, kitchen"), ("mechanic", "car engines, brakes and repairs"), ("poet", "poems and rhymes")];

    [Fact]
    public async Task TheRouterModel_ChoosesEachSpeaker_ByIdIgnoringCaseAndLaterLines_AndTheReasonNamesTheModel()
    {
        // The embedding would give the car question to the mechanic: the model's choice wins.
        var model = new PanelModel().Answer(PanelModel.RouterKey, "  alice/poet\nbecause a rattle has rhythm").Answer(PanelModel.RouterKey, "MECHANIC.");
        await using var chat = await ClusterAsync(model);
        var panelId = await PanelAsync(chat, Specialists);

        var run = await RunAsync(chat, panelId, new PanelRunRequest
        {
            Input = "My car engine rattles and the brakes squeak.", Strategy = PanelStrategies.Router, RouterModel = "offline", MaxTurns = 2,
        });

        Assert.Equal((AgentRunStatuses.Succeeded, "offline"), (run.Status, run.RouterModel));
        Assert.Equal([Role("poet"), Role("mechanic")], run.Turns.Select(t => t.Role));
        Assert.Equal(["router: model offline chose alice/poet", "router: model offline chose alice/mechanic"], run.Turns.Select(t => t.Reason));
        Assert.Equal([PanelModel.RouterKey, Role("poet"), PanelModel.RouterKey, Role("mechanic")], model.Speakers);
        var first = model.Calls[0].Prompt;
        Assert.Contains("- alice/cook: cooking recipes, dinner, pasta, kitchen", first[0].Text, StringComparison.Ordinal);
        Assert.Equal("My car engine rattles and the brakes squeak.", first[^1].Text);
        // The second question leaves out the agent that just spoke.
        Assert.DoesNotContain("alice/poet", model.Calls[2].Prompt[0].Text, StringComparison.Ordinal);
        var trace = await Run(chat, panelId, run.Id).GetTraceAsync();
        Assert.Equal(2, trace.Count(e => e.Kind == PanelTraceKinds.ModelCalled && e.Model == "offline" && e.Speaker is null));
        Assert.DoesNotContain(trace, e => e.Kind == PanelTraceKinds.SelectionFallback);
    }

    [Fact]
    public async Task AnAnswerNamingNobody_OrAFailedCall_FallsBackToTheEmbeddingChoice_WithTheReasonTraced()
    {
        var model = new PanelModel().Answer(PanelModel.RouterKey, "the best one").FailOnce(PanelModel.RouterKey);
        await using var chat = await ClusterAsync(model);
        var panelId = await PanelAsync(chat, Specialists);

        var run = await RunAsync(chat, panelId, new PanelRunRequest
        {
            Input = "My car engine rattles and the brakes squeak.", Strategy = PanelStrategies.Router, RouterModel = "offline", MaxTurns = 2,
        });

        Assert.Equal(AgentRunStatuses.Succeeded, run.Status);
        Assert.Equal(Role("mechanic"), run.Turns[0].Role);
        Assert.StartsWith("router: model offline answered \"the best one\", which names no agent it could choose; embedding fallback: "
            + "its description is nearest the newest message (similarity", run.Turns[0].Reason, StringComparison.Ordinal);
        Assert.StartsWith("router: model offline failed; embedding fallback:", run.Turns[1].Reason, StringComparison.Ordinal);
        var trace = await Run(chat, panelId, run.Id).GetTraceAsync();
        var fallbacks = trace.Where(e => e.Kind == PanelTraceKinds.SelectionFallback).ToList();
        Assert.Equal([Role("mechanic"), run.Turns[1].Role], fallbacks.Select(e => e.Speaker));
        Assert.Contains("broken once", fallbacks[1].Error, StringComparison.Ordinal);
        Assert.True(trace.First(e => e.Kind == PanelTraceKinds.SpeakerSelected).Score > 0, "the fallback keeps the similarity as the score");
    }

    [Fact]
    public async Task AnUnknownRouterModel_OrOneForAnotherStrategy_IsRefusedNamingTheField()
    {
        await using var chat = await ClusterAsync(new PanelModel());
        var panelId = await PanelAsync(chat, Specialists);
        var grain = Run(chat, panelId, ChatGrainKeys.NewRunId());

        var unknown = await Assert.ThrowsAsync<ValidationError>(() =>
            grain.RunAsync(new PanelRunRequest { Input = "x", Strategy = PanelStrategies.Router, RouterModel = "gpt-nowhere" }));
        var misplaced = await Assert.ThrowsAsync<ValidationError>(() =>
            grain.RunAsync(new PanelRunRequest { Input = "x", Strategy = PanelStrategies.RoundRobin, RouterModel = "offline" }));

        Assert.Contains("routerModel: model 'gpt-nowhere' is not configured (rule: known-model)", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("routerModel is rejected by rule 'router-only'", misplaced.Message, StringComparison.Ordinal);
        Assert.Null(await grain.GetAsync());
    }
}

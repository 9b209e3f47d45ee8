using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Grains.Tests.Memories;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests.Agents;

/// <summary>An extraction model that answers nonsense after a turn: the run still succeeds, and the trace says why nothing was extracted.</summary>
public sealed class AgentMemoryExtractionFailureTests(ModelMemoryCluster fixture) : IClassFixture<ModelMemoryCluster>
{
    [Fact]
    public async Task AFailingExtraction_IsATraceEvent_AndTheRunStillSucceedsWithItsAnswer()
    {
        var chat = fixture.Chat;
        var userId = Json.NewUserId();
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(userId, "keeper"))
            .SaveAsync(new AgentDefinition { Instructions = "Answer.", Memory = new AgentMemorySettings { Extract = true } });
        var session = await chat.User(userId).CreateSessionAsync("move", null);
        // The same scripted model answers the turn, then the extraction: with text that is not a list of operations.
        fixture.Client.Answer("Lisbon is lovely.").Answer("Sure! You live in Lisbon.");
        var grain = chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun(userId, "keeper", ChatGrainKeys.NewRunId()));

        var run = await grain.RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "I live in Lisbon" });

        Assert.Equal((AgentRunStatuses.Succeeded, AgentStopReasons.Completed, null), (run.Status, run.StopReason, run.Error));
        Assert.Equal("Lisbon is lovely.", run.Message!.Content);
        var trace = await grain.GetTraceAsync();
        var failed = Assert.Single(trace, e => e.Kind == AgentTraceKinds.MemoryExtractionFailed);
        Assert.Contains("memory extraction: model 'scripted'", failed.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was applied", failed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(trace, e => e.Kind == AgentTraceKinds.MemoriesExtracted);
        Assert.Equal(AgentTraceKinds.RunFinished, trace[^1].Kind);
        Assert.Empty(await chat.Client.GetGrain<IMemoryGrain>(ChatGrainKeys.Memory(userId)).ListAsync(new MemoryQuery()));
        Assert.Equal(["user", "assistant"], (await chat.Session(session).GetMessagesAsync(MessageQuery.Default)).Select(m => m.Role));
    }
}

using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatDb.Grains.Tests.MultiAgent;

/// <summary>
/// An agent's memory setting honoured when it speaks in a panel run: its user's memories recalled into its prompt and
/// traced, memories extracted after its turn, and a failing recall traced while the turn still happens.
/// </summary>
public sealed class PanelAgentMemoryTests
{
    private static async Task<ChatCluster> ClusterAsync(PanelModel model) => await ChatCluster.StartAsync(configureSilo: silo =>
    {
        silo.Services.RemoveAll<IAgentChatClientFactory>();
        silo.Services.AddSingleton<IAgentChatClientFactory>(model);
    });

    private static string Role(string userId, string agentId) => $"{userId}/{agentId}";

    private static async Task<string> PanelAsync(ChatCluster chat, string userId, params (string Id, AgentMemorySettings Memory)[] agents)
    {
        foreach (var (id, memory) in agents)
        {
            await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(userId, id)).SaveAsync(new AgentDefinition { Instructions = $"You are {id}.", Memory = memory });
        }

        var panel = await chat.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global)
            .CreatePanelWithAgentsAsync("debate", null, agents.Select(a => new PanelAgent(userId, a.Id)).ToList(), null);
        return panel.Id;
    }

    private static IMemoryGrain Memories(ChatCluster chat, string userId) => chat.Client.GetGrain<IMemoryGrain>(ChatGrainKeys.Memory(userId));

    [Fact]
    public async Task ASpeakerThatRecalls_SeesItsUsersMemoryInItsPrompt_AndTheRecallIsInThePanelRunsTrace()
    {
        var model = new PanelModel();
        await using var chat = await ClusterAsync(model);
        var userId = Json.NewUserId();
        var panelId = await PanelAsync(chat, userId, ("chef", new AgentMemorySettings { Recall = 3 }), ("plain", AgentMemorySettings.Off));
        var allergy = await Memories(chat, userId).AddAsync(new NewMemory { Text = "User is allergic to peanuts" });
        await Memories(chat, userId).AddAsync(new NewMemory { Text = "User works at Contoso" });

        var run = await PanelRunTests.RunAsync(chat, panelId, new PanelRunRequest { Input = "Which dessert with peanuts should I bake?", Strategy = PanelStrategies.RoundRobin, MaxTurns = 2 });

        Assert.Equal((AgentRunStatuses.Succeeded, 2), (run.Status, run.Turns.Count));
        var chef = Assert.Single(model.Calls, c => c.Speaker == Role(userId, "chef")).Prompt;
        Assert.Contains(MemoryPromptSection.Start, chef[0].Text, StringComparison.Ordinal);
        Assert.Contains("- User is allergic to peanuts", chef[0].Text, StringComparison.Ordinal);
        Assert.Equal($"user: Which dessert with peanuts should I bake?", chef[^1].Text);
        var plain = Assert.Single(model.Calls, c => c.Speaker == Role(userId, "plain")).Prompt;
        Assert.DoesNotContain(MemoryPromptSection.Start, plain[0].Text, StringComparison.Ordinal);
        var trace = await PanelRunTests.Run(chat, panelId, run.Id).GetTraceAsync();
        var recalled = Assert.Single(trace, e => e.Kind == PanelTraceKinds.MemoriesRecalled);
        Assert.Equal((Role(userId, "chef"), 1), (recalled.Speaker, recalled.Turn));
        Assert.Equal(allergy.Id, recalled.Memories![0].Id);
        Assert.True(recalled.Memories[0].InPrompt && recalled.Tokens > 0, $"in prompt {recalled.Memories[0].InPrompt}, tokens {recalled.Tokens}");
        Assert.True(
            trace.ToList().FindIndex(e => e.Kind == PanelTraceKinds.MemoriesRecalled) < trace.ToList().FindIndex(e => e.Kind == PanelTraceKinds.ModelCalled),
            "the recall is traced before the speaker's model call");
    }

    [Fact]
    public async Task ASpeakerThatExtracts_AddsTheFactsOfThePanelToItsUsersMemories_AfterItsTurn()
    {
        var model = new PanelModel();
        await using var chat = await ClusterAsync(model);
        var userId = Json.NewUserId();
        var panelId = await PanelAsync(chat, userId, ("keeper", new AgentMemorySettings { Extract = true }), ("plain", AgentMemorySettings.Off));

        var run = await PanelRunTests.RunAsync(chat, panelId, new PanelRunRequest { Input = "I live in Lisbon. Where should I eat tonight?", Strategy = PanelStrategies.RoundRobin, MaxTurns = 2 });

        Assert.Equal(AgentRunStatuses.Succeeded, run.Status);
        var memory = Assert.Single(await Memories(chat, userId).ListAsync(new MemoryQuery()));
        Assert.Equal("User lives in Lisbon", memory.Text);
        Assert.Equal((null, panelId), (memory.Source.SessionId, memory.Source.PanelId));
        Assert.Contains(run.InputSeq!.Value, memory.Source.Seqs);
        var trace = await PanelRunTests.Run(chat, panelId, run.Id).GetTraceAsync();
        var extracted = Assert.Single(trace, e => e.Kind == PanelTraceKinds.MemoriesExtracted);
        Assert.Equal((Role(userId, "keeper"), 1, 1, 0, 0), (extracted.Speaker, extracted.Turn, extracted.Added, extracted.Updated, extracted.Deleted));
        var keeperTurn = trace.ToList().FindIndex(e => e.Kind == PanelTraceKinds.MessageAppended && e.Speaker == Role(userId, "keeper"));
        Assert.True(keeperTurn < trace.ToList().IndexOf(extracted), "the extraction follows the keeper's message");
    }

    [Fact]
    public async Task AFailingRecall_IsTraced_AndTheSpeakerStillTakesItsTurnWithoutMemories()
    {
        var model = new PanelModel();
        await using var chat = await ClusterAsync(model);
        var userId = Json.NewUserId();
        var panelId = await PanelAsync(chat, userId, ("chef", new AgentMemorySettings { Recall = 3 }));

        // The user's memory log cannot be read: the memory grain fails to activate, so the recall fails.
        var memoryKey = ChatGrainKeys.Memory(userId);
        chat.LogStorage.FailReads = (log, grain) => grain.Key.ToString() == memoryKey;

        var run = await PanelRunTests.RunAsync(chat, panelId, new PanelRunRequest { Input = "A question about peanuts", Strategy = PanelStrategies.RoundRobin, MaxTurns = 1 });

        Assert.Equal((AgentRunStatuses.Succeeded, PanelStopReasons.MaxTurns), (run.Status, run.StopReason));
        Assert.Equal([Role(userId, "chef")], run.Turns.Select(t => t.Role));
        var prompt = Assert.Single(model.Calls).Prompt;
        Assert.DoesNotContain(MemoryPromptSection.Start, prompt[0].Text, StringComparison.Ordinal);
        var trace = await PanelRunTests.Run(chat, panelId, run.Id).GetTraceAsync();
        var failed = Assert.Single(trace, e => e.Kind == PanelTraceKinds.MemoryRecallFailed);
        Assert.Equal(Role(userId, "chef"), failed.Speaker);
        Assert.Contains("cannot be read", failed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(trace, e => e.Kind is PanelTraceKinds.MemoriesRecalled or PanelTraceKinds.ParticipantFailed);
    }
}

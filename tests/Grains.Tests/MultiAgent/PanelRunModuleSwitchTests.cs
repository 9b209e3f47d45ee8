using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;
using ChatDb.Grains.Modules;
using ChatDb.Grains.Panels;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatDb.Grains.Tests.MultiAgent;

/// <summary>
/// Panel runs while the memory and tool_use modules are off (docs/MODULES.md): the agents speak without their memories and
/// tools, as in agent runs, and the run's trace says so once per module.
/// </summary>
public sealed class PanelRunModuleSwitchTests
{
    private const string User = "alice";

    private static string Role(string agentId) => $"{User}/{agentId}";

    [Fact]
    public async Task WithMemoryAndToolUseOff_AgentsSpeakWithoutThem_AndTheTraceSaysSoOncePerModule()
    {
        var model = new PanelModel().Handoff(Role("clock"), Role("plain"), "Over to plain.");
        await using var chat = await ChatCluster.StartAsync(configureSilo: silo =>
        {
            silo.Services.RemoveAll<IAgentChatClientFactory>();
            silo.Services.AddSingleton<IAgentChatClientFactory>(model);
            silo.Services.RemoveAll<ChatModuleSet>();
            silo.Services.AddSingleton(services => new ChatModuleSet(services.GetServices<ChatModule>()
                .Select(m => m.Name is ChatModuleNames.Memory or ChatModuleNames.ToolUse ? m with { Enabled = false } : m)));
        });
        var memory = new AgentMemorySettings { Recall = 3, Extract = true };
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(User, "clock"))
            .SaveAsync(new AgentDefinition { Instructions = "You are clock.", Tools = ["current_time"], Memory = memory });
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(User, "plain"))
            .SaveAsync(new AgentDefinition { Instructions = "You are plain.", Memory = memory });
        var panel = await chat.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global)
            .CreatePanelWithAgentsAsync("debate", null, [new PanelAgent(User, "clock"), new PanelAgent(User, "plain")], null);

        var run = await PanelRunTests.RunAsync(chat, panel.Id, new PanelRunRequest { Input = "I live in Lisbon. What time is it?", Strategy = PanelStrategies.Handoff, MaxTurns = 4 });

        Assert.Equal((AgentRunStatuses.Succeeded, PanelStopReasons.Completed), (run.Status, run.StopReason));
        Assert.Equal([Role("clock"), Role("plain")], run.Turns.Select(t => t.Role));
        // Each speaker was offered the strategy's handoff tool only: the clock's own tool needs tool_use.
        Assert.Equal([Role("clock"), Role("plain")], model.Offered.Select(o => o.Speaker));
        Assert.All(model.Offered, o => Assert.Equal([PanelRunGrain.HandoffTool], o.Tools));
        Assert.All(model.Calls, c => Assert.DoesNotContain(MemoryPromptSection.Start, c.Prompt[0].Text, StringComparison.Ordinal));

        var trace = await PanelRunTests.Run(chat, panel.Id, run.Id).GetTraceAsync();
        var skipped = trace.Where(e => e.Kind == PanelTraceKinds.ModuleDisabled).ToList();
        Assert.Equal([ChatModuleNames.Memory, ChatModuleNames.ToolUse], skipped.Select(e => e.Module));
        Assert.All(skipped, e => Assert.Equal((Role("clock"), 1, $"The {e.Module} module is disabled in this deployment"), (e.Speaker, e.Turn, e.Error)));
        Assert.DoesNotContain(trace, e => e.Kind is PanelTraceKinds.MemoriesRecalled or PanelTraceKinds.MemoryRecallFailed
            or PanelTraceKinds.MemoriesExtracted or PanelTraceKinds.MemoryExtractionFailed or PanelTraceKinds.ToolCalled);
    }
}

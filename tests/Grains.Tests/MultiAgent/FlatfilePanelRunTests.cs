using System.Text.Json;
using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Flatfile;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatDb.Grains.Tests.MultiAgent;

/// <summary>Panel runs on the flatfile provider: the documented layout under the panel directory.</summary>
public sealed class FlatfilePanelRunTests
{
    [Fact]
    public async Task ARunAndItsTrace_AreStoredUnderThePanelDirectory()
    {
        var model = new PanelModel();
        await using var chat = await FlatfileChatCluster.StartAsync(configureSilo: silo =>
        {
            silo.Services.RemoveAll<IAgentChatClientFactory>();
            silo.Services.AddSingleton<IAgentChatClientFactory>(model);
        });
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent("alice", "ana")).SaveAsync(new AgentDefinition { Instructions = "x" });
        var panel = await chat.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).CreatePanelWithAgentsAsync("debate", null, [new PanelAgent("alice", "ana")], null);
        var runId = ChatGrainKeys.NewRunId();

        await chat.Client.GetGrain<IPanelRunGrain>(ChatGrainKeys.PanelRun(panel.Id, runId))
            .RunAsync(new PanelRunRequest { Input = "hello", Strategy = PanelStrategies.RoundRobin, MaxTurns = 2 });

        var dir = $"panel_sessions/{panel.Id}";
        string[] documented = [$"{dir}/events.jsonl", $"{dir}/messages.jsonl", $"{dir}/panel.json", $"{dir}/runs.json", $"{dir}/runs/{runId}.json", $"{dir}/runs/{runId}.trace.jsonl"];
        Assert.Equal(documented.Order(StringComparer.Ordinal), chat.ListFiles().Where(f => f.StartsWith(dir + "/", StringComparison.Ordinal)));
        using var record = JsonDocument.Parse(await File.ReadAllBytesAsync(chat.PathOf($"{dir}/runs/{runId}.json")));
        Assert.Equal("succeeded", record.RootElement.GetProperty("status").GetString());
        Assert.Equal(2, record.RootElement.GetProperty("turns").GetArrayLength());
        using var stored = JsonDocument.Parse(await File.ReadAllBytesAsync(chat.PathOf($"{dir}/panel.json")));
        Assert.Equal("ana", stored.RootElement.GetProperty("agents")[0].GetProperty("agent_id").GetString());

        await chat.Client.GetGrain<IPanelGrain>(panel.Id).PurgeAsync();
        Assert.DoesNotContain(chat.ListFiles(), f => f.StartsWith(dir + "/", StringComparison.Ordinal));
    }
}

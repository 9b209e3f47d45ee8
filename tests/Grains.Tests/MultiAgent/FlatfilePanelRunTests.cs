using System.Text.Json;
using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;
using ChatDb.Cli.Commands.Maintenance;
using ChatDb.Grains.Tests.Flatfile;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Flatfile.Options;
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
        string[] documented = [$"{dir}/events.jsonl", $"{dir}/messages.jsonl", $"{dir}/panel.json", $"{dir}/runs.jsonl", $"{dir}/runs/{runId}.json", $"{dir}/runs/{runId}.trace.jsonl"];
        Assert.Equal(documented.Order(StringComparer.Ordinal), chat.ListFiles().Where(f => f.StartsWith(dir + "/", StringComparison.Ordinal)));
        Assert.Equal($$"""{"seq":1,"run_id":"{{runId}}"}""" + "\n", await File.ReadAllTextAsync(chat.PathOf($"{dir}/runs.jsonl")));
        using var record = JsonDocument.Parse(await File.ReadAllBytesAsync(chat.PathOf($"{dir}/runs/{runId}.json")));
        Assert.Equal("succeeded", record.RootElement.GetProperty("status").GetString());
        Assert.Equal(2, record.RootElement.GetProperty("turns").GetArrayLength());
        using var stored = JsonDocument.Parse(await File.ReadAllBytesAsync(chat.PathOf($"{dir}/panel.json")));
        Assert.Equal("ana", stored.RootElement.GetProperty("agents")[0].GetProperty("agent_id").GetString());

        await chat.Client.GetGrain<IPanelGrain>(panel.Id).PurgeAsync();
        Assert.DoesNotContain(chat.ListFiles(), f => f.StartsWith(dir + "/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheFilesOfRealRuns_WithToolTraffic_VerifyClean_AndACorruptedTraceLineIsReported()
    {
        var model = new PanelModel().CallTool("alice/ana", "call_1", "current_time").Answer("alice/ana", "Noon.");
        await using var chat = await FlatfileChatCluster.StartAsync(configureSilo: silo =>
        {
            silo.Services.RemoveAll<IAgentChatClientFactory>();
            silo.Services.AddSingleton<IAgentChatClientFactory>(model);
        });
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent("alice", "ana")).SaveAsync(new AgentDefinition { Instructions = "x", Tools = ["current_time"] });
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent("alice", "bo")).SaveAsync(new AgentDefinition { Instructions = "x" });
        var panel = await chat.Client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global)
            .CreatePanelWithAgentsAsync("debate", null, [new PanelAgent("alice", "ana"), new PanelAgent("alice", "bo")], null);
        var runIds = new[] { ChatGrainKeys.NewRunId(), ChatGrainKeys.NewRunId() };
        foreach (var runId in runIds)
        {
            var run = await chat.Client.GetGrain<IPanelRunGrain>(ChatGrainKeys.PanelRun(panel.Id, runId))
                .RunAsync(new PanelRunRequest { Input = "hello", Strategy = PanelStrategies.RoundRobin, MaxTurns = 3 });
            Assert.Equal(AgentRunStatuses.Succeeded, run.Status);
        }

        await chat.StopAsync();
        var options = new FlatfileStorageOptions { StorageBasePath = chat.DataDirectory };
        var clean = new VerifyEngine(options, ChatModelSchema.Instance).Verify();
        var trace = chat.PathOf($"panel_sessions/{panel.Id}/runs/{runIds[1]}.trace.jsonl");
        var lines = await File.ReadAllLinesAsync(trace);
        lines[2] = lines[2].Replace(runIds[1], runIds[0], StringComparison.Ordinal);
        await File.WriteAllLinesAsync(trace, lines);
        var corrupted = new VerifyEngine(options, ChatModelSchema.Instance).Verify();

        Assert.True(clean.IsClean, "problems: " + string.Join("; ", clean.Problems.Select(p => $"{p.Kind} {p.Path}: {p.Message}")));
        var problem = Assert.Single(corrupted.Problems, p => p.IsError);
        Assert.Equal((ProblemKind.IdentityMismatch, trace), (problem.Kind, problem.Path));
        Assert.Contains($"line 3 belongs to run '{runIds[0]}'", problem.Message, StringComparison.Ordinal);
    }
}

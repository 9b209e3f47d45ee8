using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Flatfile;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests.Agents;

/// <summary>A user's runs of a global agent on the flatfile provider: kept under the user (docs/STORAGE.md §10).</summary>
public sealed class FlatfileGlobalAgentRunTests
{
    [Fact]
    public async Task RunsOfAGlobalAgent_AreStoredUnderTheUser_ApartFromTheUsersOwnAgentOfTheSameId_AndGoWithTheUser()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.GlobalAgent("planner")).SaveAsync(new AgentDefinition { Instructions = "global" });
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent("alice", "planner")).SaveAsync(new AgentDefinition { Instructions = "alice's own" });
        var session = await chat.User("alice").CreateSessionAsync(null, null);
        var (globalRun, ownRun) = (ChatGrainKeys.NewRunId(), ChatGrainKeys.NewRunId());
        await chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.GlobalAgentRun("alice", "planner", globalRun))
            .RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "hello" });
        await chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun("alice", "planner", ownRun))
            .RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "hello again" });

        var files = chat.ListFiles();

        Assert.Contains("users/alice/agents/global_runs/planner.jsonl", files);
        Assert.Equal($$"""{"seq":1,"run_id":"{{globalRun}}"}""" + "\n", await File.ReadAllTextAsync(chat.PathOf("users/alice/agents/global_runs/planner.jsonl")));
        // Runs answered when they end keep their record in their trace's last line, no record file.
        Assert.Contains($"users/alice/agents/global_runs/planner/{globalRun}.trace.jsonl", files);
        Assert.Contains($"users/alice/agents/runs/planner/{ownRun}.trace.jsonl", files);
        Assert.DoesNotContain($"users/alice/agents/global_runs/planner/{globalRun}.json", files);
        Assert.DoesNotContain(files, f => f.StartsWith("agents_global/runs/", StringComparison.Ordinal));
        var global = await StoredRunTraces.EndedRunAsync(chat.PathOf($"users/alice/agents/global_runs/planner/{globalRun}.trace.jsonl"));
        Assert.True(global.GetProperty("global_agent").GetBoolean());
        var own = await StoredRunTraces.EndedRunAsync(chat.PathOf($"users/alice/agents/runs/planner/{ownRun}.trace.jsonl"));
        Assert.False(own.TryGetProperty("global_agent", out _));

        await chat.User("alice").DeleteAsync();

        Assert.DoesNotContain(chat.ListFiles(), f => f.StartsWith("users/alice/", StringComparison.Ordinal));
        Assert.Contains("agents_global/planner.json", chat.ListFiles());
        Assert.Null(await chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.GlobalAgentRun("alice", "planner", globalRun)).GetAsync());
    }
}

using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Flatfile;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;

namespace ChatDb.Grains.Tests.Agents;

/// <summary>Agents on the flatfile provider: the documented layout, a run cut off by a crash, cancel, tools.</summary>
public sealed class FlatfileAgentTests
{
    private static Action<ISiloBuilder> With(ScriptedChatClient client) => silo =>
    {
        silo.Services.RemoveAll<IAgentChatClientFactory>();
        silo.Services.AddSingleton<IAgentChatClientFactory>(client);
    };

    private static IAgentGrain Agent(FlatfileChatCluster chat, string userId, string agentId) =>
        chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(userId, agentId));

    private static IAgentRunGrain Run(FlatfileChatCluster chat, string userId, string agentId, string runId) =>
        chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun(userId, agentId, runId));

    [Fact]
    public async Task AgentsRunsAndTraces_AreStoredInTheDocumentedLayout()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        await Agent(chat, "alice", "planner").SaveAsync(new AgentDefinition { Instructions = "v1" });
        await Agent(chat, "alice", "planner").SaveAsync(new AgentDefinition { Instructions = "v2" });
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.GlobalAgent("helper")).SaveAsync(new AgentDefinition { Instructions = "help" });
        var session = await chat.User("alice").CreateSessionAsync(null, null);
        var runId = ChatGrainKeys.NewRunId();
        await Run(chat, "alice", "planner", runId).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "hello" });

        var files = chat.ListFiles();

        string[] documented =
        [
            "users/alice/agents/catalog/agents.json",
            "users/alice/agents/planner.json",
            "users/alice/agents/versions/planner/v1.json",
            "users/alice/agents/versions/planner/v2.json",
            "users/alice/agents/runs/planner.jsonl",
            $"users/alice/agents/runs/planner/{runId}.trace.jsonl",
            "agents_global/catalog/agents.json",
            "agents_global/helper.json",
            "agents_global/versions/helper/v1.json",
        ];

        // Exactly the documented files (docs/STORAGE.md §10): nothing missing and nothing beside them.
        Assert.Equal(
            documented.Order(StringComparer.Ordinal),
            files.Where(f => f.StartsWith("users/alice/agents/", StringComparison.Ordinal) || f.StartsWith("agents_global/", StringComparison.Ordinal)));

        // A run answered when it ends that never waited for an approval: its trace's last line is its record.
        var record = await StoredRunTraces.EndedRunAsync(chat.PathOf($"users/alice/agents/runs/planner/{runId}.trace.jsonl"));
        Assert.Equal(("succeeded", runId, session.Id), (record.GetProperty("status").GetString(), record.GetProperty("id").GetString(), record.GetProperty("session_id").GetString()));
        Assert.Equal("assistant", record.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal(6, (await File.ReadAllLinesAsync(chat.PathOf($"users/alice/agents/runs/planner/{runId}.trace.jsonl"))).Count(l => l.Length > 0));

        await Agent(chat, "alice", "planner").DeleteAsync();
        Assert.DoesNotContain(chat.ListFiles(), f => f.StartsWith("users/alice/agents/", StringComparison.Ordinal) && f != "users/alice/agents/catalog/agents.json");
    }

    [Fact]
    public async Task DeleteUser_RemovesTheUsersAgentFilesRunsAndTraces_AndLeavesTheGlobalAgents()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        await Agent(chat, "alice", "planner").SaveAsync(new AgentDefinition { Instructions = "v1" });
        await Agent(chat, "bob", "planner").SaveAsync(new AgentDefinition { Instructions = "bob's" });
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.GlobalAgent("helper")).SaveAsync(new AgentDefinition { Instructions = "help" });
        var session = await chat.User("alice").CreateSessionAsync(null, null);
        var runId = ChatGrainKeys.NewRunId();
        await Run(chat, "alice", "planner", runId).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "hello" });
        Assert.Contains($"users/alice/agents/runs/planner/{runId}.trace.jsonl", chat.ListFiles());

        await chat.User("alice").DeleteAsync();

        var files = chat.ListFiles();
        Assert.DoesNotContain(files, f => f.StartsWith("users/alice/", StringComparison.Ordinal));
        Assert.Contains("users/bob/agents/planner.json", files);
        Assert.Contains("agents_global/helper.json", files);
        Assert.Null(await Run(chat, "alice", "planner", runId).GetAsync());
    }

    [Fact]
    public async Task ARunCutOffByACrash_IsMarkedFailedAtTheNextActivation_AndTheSessionKeepsTheInput()
    {
        var client = new ScriptedChatClient().Hold();
        await using var chat = await FlatfileChatCluster.StartAsync(configureSilo: With(client));
        await Agent(chat, "bob", "slow").SaveAsync(new AgentDefinition { Instructions = "x" });
        var session = await chat.User("bob").CreateSessionAsync(null, null);
        var runId = ChatGrainKeys.NewRunId();
        _ = Run(chat, "bob", "slow", runId).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "are you there?" });
        await client.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // A run answered when it ends has no record file yet: its trace's first line records the start.
        var recordWritten = File.Exists(chat.PathOf($"users/bob/agents/runs/slow/{runId}.json"));
        var firstLine = File.ReadLines(chat.PathOf($"users/bob/agents/runs/slow/{runId}.trace.jsonl")).First();
        await chat.CrashAndStartAsync();

        var run = await Run(chat, "bob", "slow", runId).GetAsync();
        Assert.False(recordWritten);
        Assert.Contains("\"run_started\"", firstLine, StringComparison.Ordinal);
        Assert.Contains(session.Id, firstLine, StringComparison.Ordinal);
        Assert.Equal((AgentRunStatuses.Failed, AgentStopReasons.Interrupted), (run!.Status, run.StopReason));
        Assert.Equal((session.Id, 1, "slow", "bob"), (run.SessionId, run.AgentVersion, run.AgentId, run.UserId));
        Assert.False(File.Exists(chat.PathOf($"users/bob/agents/runs/slow/{runId}.json")));
        var stored = await StoredRunTraces.EndedRunAsync(chat.PathOf($"users/bob/agents/runs/slow/{runId}.trace.jsonl"));
        Assert.Equal((AgentRunStatuses.Failed, AgentStopReasons.Interrupted), (stored.GetProperty("status").GetString(), stored.GetProperty("stop_reason").GetString()));
        Assert.Contains("silo stopped", run.Error, StringComparison.Ordinal);
        Assert.Equal(AgentTraceKinds.RunFailed, (await Run(chat, "bob", "slow", runId).GetTraceAsync())[^1].Kind);
        var messages = await chat.Session(session).GetMessagesAsync(MessageQuery.Default);
        Assert.Equal(["are you there?"], messages.Select(m => m.Content));
    }

    [Fact]
    public async Task CancelAsync_EndsARunningRun_AsCancelled_WithoutWaitingBehindIt()
    {
        var client = new ScriptedChatClient().Hold();
        await using var chat = await FlatfileChatCluster.StartAsync(configureSilo: With(client));
        await Agent(chat, "carol", "slow").SaveAsync(new AgentDefinition { Instructions = "x" });
        var session = await chat.User("carol").CreateSessionAsync(null, null);
        var grain = Run(chat, "carol", "slow", ChatGrainKeys.NewRunId());
        var running = grain.RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "long question" });
        await client.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var seen = await grain.CancelAsync();
        var run = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(AgentRunStatuses.Running, seen!.Status);
        Assert.Equal((AgentRunStatuses.Cancelled, AgentStopReasons.Cancelled), (run.Status, run.StopReason));
        Assert.Equal(AgentTraceKinds.RunCancelled, (await grain.GetTraceAsync())[^1].Kind);
    }

    [Fact]
    public async Task AModelThatFails_FailsTheRunWithItsError_AndTheSessionKeepsOnlyTheInput()
    {
        var client = new ScriptedChatClient().Throw(new HttpRequestException("connection refused (127.0.0.1:9)"));
        await using var chat = await FlatfileChatCluster.StartAsync(configureSilo: With(client));
        await Agent(chat, "dan", "down").SaveAsync(new AgentDefinition { Instructions = "x" });
        var session = await chat.User("dan").CreateSessionAsync(null, null);

        var run = await Run(chat, "dan", "down", ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "hi" });

        Assert.Equal((AgentRunStatuses.Failed, AgentStopReasons.Error), (run.Status, run.StopReason));
        Assert.Contains("connection refused", run.Error, StringComparison.Ordinal);
        Assert.Equal(["user"], (await chat.Session(session).GetMessagesAsync(MessageQuery.Default)).Select(m => m.Role));
        var failed = (await Run(chat, "dan", "down", run.Id).GetTraceAsync())[^1];
        Assert.Equal((AgentTraceKinds.RunFailed, run.Error), (failed.Kind, failed.Error));
    }

    [Fact]
    public async Task AToolCall_IsExecuted_AndTheCallAndResultAreAppendedAsStructuredMessages()
    {
        var client = new ScriptedChatClient().CallTool("call_1", "recent_messages", new() { ["count"] = 2 }).Answer("done");
        await using var chat = await FlatfileChatCluster.StartAsync(configureSilo: With(client));
        await Agent(chat, "erin", "tools").SaveAsync(new AgentDefinition { Instructions = "x", Tools = ["recent_messages", "current_time"] });
        var session = await chat.User("erin").CreateSessionAsync(null, null);

        var run = await Run(chat, "erin", "tools", ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "what did I say?" });

        Assert.Equal(AgentRunStatuses.Succeeded, run.Status);
        var messages = await chat.Session(session).GetMessagesAsync(MessageQuery.Default);
        var call = Assert.Single(run.ToolCalls);
        Assert.True(call.Outcome == "ok", messages[2].Parts![0].Result!.Value.GetRawText());
        Assert.Equal("recent_messages", call.Name);
        Assert.Equal(["recent_messages", "current_time"], client.Options[0]!.Tools!.Select(t => t.Name));
        Assert.Equal(["user", "assistant", "tool", "assistant"], messages.Select(m => m.Role));
        Assert.Equal(MessagePartTypes.ToolCall, messages[1].Parts![0].Type);
        Assert.Contains("what did I say?", messages[2].Parts![0].Result!.Value.GetRawText(), StringComparison.Ordinal);
        var secondPrompt = client.Prompts[1];
        Assert.Contains(secondPrompt, m => m.Role == ChatRole.Tool);
        Assert.Contains(AgentTraceKinds.ToolCalled, (await Run(chat, "erin", "tools", run.Id).GetTraceAsync()).Select(e => e.Kind));
    }

    [Fact]
    public async Task AModelThatKeepsAskingForTools_StopsAfterTheRoundLimit()
    {
        var client = new ScriptedChatClient();
        for (var i = 0; i <= Grains.Agents.AgentRunGrain.MaxToolRounds; i++)
        {
            client.CallTool($"call_{i}", "current_time");
        }

        await using var chat = await FlatfileChatCluster.StartAsync(configureSilo: With(client));
        await Agent(chat, "fay", "loop").SaveAsync(new AgentDefinition { Instructions = "x", Tools = ["current_time"] });
        var session = await chat.User("fay").CreateSessionAsync(null, null);

        var run = await Run(chat, "fay", "loop", ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "time?" });

        Assert.Equal((AgentRunStatuses.Failed, AgentStopReasons.ToolRounds), (run.Status, run.StopReason));
        Assert.Equal(Grains.Agents.AgentRunGrain.MaxToolRounds, run.ToolCalls.Count);
    }
}

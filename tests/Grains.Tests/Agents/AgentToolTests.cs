using System.Text.Json;
using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Agents.Tools;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;

namespace ChatDb.Grains.Tests.Agents;

/// <summary>The built-in search and document tools, tool failures, timeouts, oversize results and argument redaction.</summary>
public sealed class AgentToolTests
{
    internal static Action<ISiloBuilder> With(ScriptedChatClient client, TestToolSource? tools = null, Action<AgentToolOptions>? options = null) => silo =>
    {
        silo.Services.RemoveAll<IAgentChatClientFactory>();
        silo.Services.AddSingleton<IAgentChatClientFactory>(client);
        if (tools is not null)
        {
            silo.Services.AddSingleton<IAgentToolSource>(tools);
        }

        if (options is not null)
        {
            silo.Services.Configure(options);
        }
    };

    internal static IAgentRunGrain Run(ChatCluster chat, string userId, string agentId, string runId) =>
        chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun(userId, agentId, runId));

    internal static Task<Agent> SaveAgentAsync(ChatCluster chat, string userId, string agentId, IReadOnlyList<string> tools, IReadOnlyList<string>? approvals = null) =>
        chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent(userId, agentId))
            .SaveAsync(new AgentDefinition { Instructions = "x", Tools = tools, ApprovalRequired = approvals });

    /// <summary>The tool result the run appended for <paramref name="callId"/>.</summary>
    internal static async Task<JsonElement> ResultOfAsync(ChatCluster chat, ChatSession session, string callId)
    {
        var messages = await chat.Session(session).GetMessagesAsync(MessageQuery.Default);
        return messages.Where(m => m.Role == "tool").SelectMany(m => m.Parts!).Single(p => p.CallId == callId).Result!.Value;
    }

    [Fact]
    public async Task SearchSessions_FindsTheOwnersMessages_AndNeverAnotherUsers()
    {
        var client = new ScriptedChatClient().CallTool("call_1", "search_sessions", new() { ["query"] = "zanzibar", ["k"] = 5 }).Answer("done");
        await using var chat = await ChatCluster.StartAsync(configureSilo: With(client));
        var theirs = await chat.User("bob").CreateSessionAsync("theirs", null);
        await chat.Session(theirs).AddMessageAsync(new NewMessage { Role = "user", Content = "bob's zanzibar secret" });
        chat.Clock.Advance(TimeSpan.FromSeconds(1));
        var mine = await chat.User("alice").CreateSessionAsync("mine", null);
        await chat.Session(mine).AddMessageAsync(new NewMessage { Role = "user", Content = "the zanzibar shipment is late" });
        await SaveAgentAsync(chat, "alice", "finder", ["search_sessions"]);
        var runSession = await chat.User("alice").CreateSessionAsync("run", null);

        var run = await Run(chat, "alice", "finder", ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = runSession.Id, Input = "find it" });

        var result = await ResultOfAsync(chat, runSession, "call_1");
        Assert.Equal(AgentToolOutcomes.Ok, Assert.Single(run.ToolCalls).Outcome);
        var hit = Assert.Single(result.EnumerateArray(), h => h.GetProperty("sessionId").GetString() == mine.Id);
        Assert.Equal(1, hit.GetProperty("seq").GetInt64());
        Assert.Contains("zanzibar", hit.GetProperty("snippet").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(theirs.Id, mine.Id);
        Assert.DoesNotContain(theirs.Id, result.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", result.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadDocument_ReadsTheOwnersDocument_AndAnotherUsersIsNotFound()
    {
        var client = new ScriptedChatClient();
        await using var chat = await ChatCluster.StartAsync(configureSilo: With(client));
        var theirs = await chat.User("bob").CreateSessionAsync(null, null);
        await chat.Session(theirs).SaveDocumentAsync("secret.txt", "bob's launch codes"u8.ToArray(), null, null);
        var mine = await chat.User("alice").CreateSessionAsync(null, null);
        await chat.Session(mine).SaveDocumentAsync("notes.txt", "pack the umbrella"u8.ToArray(), null, null);
        await SaveAgentAsync(chat, "alice", "reader", ["read_document"]);
        client.CallTool("call_1", "read_document", new() { ["documentId"] = "notes.txt" })
            .CallTool("call_2", "read_document", new() { ["documentId"] = "secret.txt", ["sessionId"] = theirs.Id })
            .CallTool("call_3", "read_document", new() { ["documentId"] = "../secret.txt" })
            .Answer("done");

        var run = await Run(chat, "alice", "reader", ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = mine.Id, Input = "read" });

        Assert.Equal(AgentRunStatuses.Succeeded, run.Status);
        Assert.Equal([AgentToolOutcomes.Ok, AgentToolOutcomes.Error, AgentToolOutcomes.Error], run.ToolCalls.Select(c => c.Outcome));
        var own = await ResultOfAsync(chat, mine, "call_1");
        Assert.Equal(("pack the umbrella", false), (own.GetProperty("text").GetString(), own.GetProperty("truncated").GetBoolean()));
        var other = await ResultOfAsync(chat, mine, "call_2");
        Assert.DoesNotContain("launch codes", other.GetRawText(), StringComparison.Ordinal);
        Assert.True(other.TryGetProperty("error", out _), other.GetRawText());
        Assert.True((await ResultOfAsync(chat, mine, "call_3")).TryGetProperty("error", out _));
    }

    [Fact]
    public async Task AToolThatThrows_GivesTheModelItsError_AndTheRunGoesOn()
    {
        var client = new ScriptedChatClient().CallTool("call_1", TestToolSource.Failing).Answer("sorry");
        await using var chat = await ChatCluster.StartAsync(configureSilo: With(client, new TestToolSource()));
        await SaveAgentAsync(chat, "carol", "fragile", [TestToolSource.Failing]);
        var session = await chat.User("carol").CreateSessionAsync(null, null);

        var run = await Run(chat, "carol", "fragile", ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "go" });

        Assert.Equal((AgentRunStatuses.Succeeded, "sorry"), (run.Status, run.Message!.Content));
        Assert.Equal("the disk is on fire", (await ResultOfAsync(chat, session, "call_1")).GetProperty("error").GetString());
        var traced = Assert.Single(await Run(chat, "carol", "fragile", run.Id).GetTraceAsync(), e => e.Kind == AgentTraceKinds.ToolCalled);
        Assert.Equal((AgentToolOutcomes.Error, "call_1", "the disk is on fire"), (traced.Outcome, traced.CallId, traced.Error));
    }

    [Fact]
    public async Task AToolThatRunsPastTheTimeout_IsCancelled_AndTheModelGetsATimeoutError()
    {
        var tools = new TestToolSource();
        var client = new ScriptedChatClient().CallTool("call_1", TestToolSource.Slow).Answer("gave up");
        await using var chat = await ChatCluster.StartAsync(configureSilo: With(client, tools, o => o.ToolTimeoutSeconds = 5));
        await SaveAgentAsync(chat, "dan", "patient", [TestToolSource.Slow]);
        var session = await chat.User("dan").CreateSessionAsync(null, null);
        var running = Run(chat, "dan", "patient", ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "go" });
        await TestClusters.Within(tools.Started.Task, "the slow tool to start");

        chat.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(running.IsCompleted);
        chat.Clock.Advance(TimeSpan.FromSeconds(1));
        var run = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((AgentRunStatuses.Succeeded, AgentToolOutcomes.Timeout), (run.Status, Assert.Single(run.ToolCalls).Outcome));
        await TestClusters.Within(tools.Cancelled.Task, "the slow tool to see its token cancelled");
        Assert.Contains("did not finish within 5 s (Agents:ToolTimeoutSeconds)", (await ResultOfAsync(chat, session, "call_1")).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains(await Run(chat, "dan", "patient", run.Id).GetTraceAsync(), e => e.Kind == AgentTraceKinds.ToolCalled && e.Outcome == AgentToolOutcomes.Timeout);
    }

    [Fact]
    public async Task AnOversizeResult_IsCutToTheCap_AndMarkedTruncated()
    {
        var client = new ScriptedChatClient().CallTool("call_1", "recent_messages").Answer("long");
        await using var chat = await ChatCluster.StartAsync(configureSilo: With(client, options: o => o.MaxToolResultChars = 500));
        await SaveAgentAsync(chat, "erin", "reader", ["recent_messages"]);
        var session = await chat.User("erin").CreateSessionAsync(null, null);
        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = new string('a', 3000) });

        var run = await Run(chat, "erin", "reader", ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "read" });

        Assert.Equal((AgentRunStatuses.Succeeded, AgentToolOutcomes.Truncated), (run.Status, Assert.Single(run.ToolCalls).Outcome));
        var result = await ResultOfAsync(chat, session, "call_1");
        Assert.True(result.GetProperty("truncated").GetBoolean());
        Assert.Equal(500, result.GetProperty("partial").GetString()!.Length);
        Assert.Contains("Agents:MaxToolResultChars", result.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolCalledEvents_CarryTheArguments_WithSecretsRedacted()
    {
        var arguments = new Dictionary<string, object?>
        {
            ["count"] = 2,
            ["Password"] = "hunter2",
            ["nested"] = new Dictionary<string, object?> { ["API_KEY"] = "sk-123", ["city"] = "Paris" },
        };
        var client = new ScriptedChatClient().CallTool("call_1", "recent_messages", arguments).Answer("ok");
        await using var chat = await ChatCluster.StartAsync(configureSilo: With(client));
        await SaveAgentAsync(chat, "fay", "reader", ["recent_messages"]);
        var session = await chat.User("fay").CreateSessionAsync(null, null);

        var run = await Run(chat, "fay", "reader", ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "read" });

        var traced = Assert.Single(await Run(chat, "fay", "reader", run.Id).GetTraceAsync(), e => e.Kind == AgentTraceKinds.ToolCalled);
        var shown = traced.Arguments!.Value;
        Assert.Equal(2, shown.GetProperty("count").GetInt32());
        Assert.Equal("[redacted]", shown.GetProperty("Password").GetString());
        Assert.Equal("[redacted]", shown.GetProperty("nested").GetProperty("API_KEY").GetString());
        Assert.Equal("Paris", shown.GetProperty("nested").GetProperty("city").GetString());
        Assert.DoesNotContain("hunter2", shown.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Redaction_UsesTheConfiguredNames_OrDropsTheArgumentsEntirely()
    {
        var arguments = new Dictionary<string, object?> { ["pin"] = "1234", ["password"] = "kept-visible", ["city"] = "Oslo" };

        var custom = ToolArgumentRedaction.ForTrace(arguments, new AgentTraceArgumentOptions { RedactArguments = ["PIN"] })!.Value;
        var dropped = ToolArgumentRedaction.ForTrace(arguments, new AgentTraceArgumentOptions { DropArguments = true });

        Assert.Equal(("[redacted]", "kept-visible", "Oslo"),
            (custom.GetProperty("pin").GetString(), custom.GetProperty("password").GetString(), custom.GetProperty("city").GetString()));
        Assert.Null(dropped);
    }

    [Fact]
    public async Task DropArguments_LeavesTheArgumentsOutOfTheTrace()
    {
        var client = new ScriptedChatClient().CallTool("call_1", "current_time", new() { ["zone"] = "UTC" }).Answer("ok");
        await using var chat = await ChatCluster.StartAsync(configureSilo: With(client, options: o => o.Trace.DropArguments = true));
        await SaveAgentAsync(chat, "gus", "clock", ["current_time"]);
        var session = await chat.User("gus").CreateSessionAsync(null, null);

        var run = await Run(chat, "gus", "clock", ChatGrainKeys.NewRunId()).RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "time" });

        var traced = Assert.Single(await Run(chat, "gus", "clock", run.Id).GetTraceAsync(), e => e.Kind == AgentTraceKinds.ToolCalled);
        Assert.Equal((AgentToolOutcomes.Ok, (JsonElement?)null), (traced.Outcome, traced.Arguments));
    }

    [Fact]
    public async Task Definitions_AcceptTheNewTools_AndRefuseAnApprovalForAToolTheAgentLacks()
    {
        await using var chat = await ChatCluster.StartAsync(configureSilo: With(new ScriptedChatClient()));

        var saved = await SaveAgentAsync(chat, "hal", "ok", ["search_sessions", "read_document"], ["read_document"]);
        var error = await Assert.ThrowsAsync<ValidationError>(() => SaveAgentAsync(chat, "hal", "bad", ["current_time"], ["read_document"]));

        Assert.Equal(["read_document"], saved.ApprovalRequired);
        Assert.Contains("approvalRequired names \"read_document\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("approval-of-own-tool", error.Message, StringComparison.Ordinal);
    }
}

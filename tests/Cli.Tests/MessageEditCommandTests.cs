using System.Text.Json;

namespace ChatDb.Cli.Tests;

/// <summary><c>chatdb message edit|delete|redact</c> and <c>chatdb session fork</c>, once through each door.</summary>
public abstract class MessageEditCommandTests
{
    /// <summary>Runs <c>chatdb args...</c> through the door under test.</summary>
    protected abstract Task<CliRun> RunAsync(params string[] args);

    private async Task<(string User, string Session)> SessionWithAsync(params string[] contents)
    {
        var user = "cli-" + Guid.NewGuid().ToString("N")[..12];
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        foreach (var content in contents)
        {
            (await RunAsync("message", "add", user, session, content)).Ok();
        }

        return (user, session);
    }

    [Fact]
    public async Task MessageEdit_PrintsTheNewVersion_AndListShowsItEdited()
    {
        var (user, session) = await SessionWithAsync("one", "two");

        var edited = JsonDocument.Parse((await RunAsync("message", "edit", user, session, "2", "--content", "zwei", "--metadata", "{\"k\":1}", "--json")).Ok()).RootElement;
        var list = (await RunAsync("message", "list", user, session)).Lines;
        var history = JsonDocument.Parse((await RunAsync("message", "list", user, session, "--history", "--json")).Ok()).RootElement;

        Assert.True(edited.GetProperty("edited").GetBoolean());
        Assert.Equal(1, edited.GetProperty("metadata").GetProperty("k").GetInt32());
        Assert.EndsWith("user (edited): zwei", list[1], StringComparison.Ordinal);
        Assert.Equal(2, history[1].GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task MessageDeleteAndRedact_ConfirmAndListSkipsThem()
    {
        var (user, session) = await SessionWithAsync("one", "two", "three");

        Assert.Equal("deleted message #1", (await RunAsync("message", "delete", user, session, "1")).Ok().Trim());
        Assert.Equal("redacted message #3", (await RunAsync("message", "redact", user, session, "3")).Ok().Trim());

        var list = (await RunAsync("message", "list", user, session)).Lines;
        Assert.Single(list);
        Assert.StartsWith("#2 ", list[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessageEdit_OfAnUnknownSeq_IsNotFound_AndWithoutChanges_IsInvalid()
    {
        var (user, session) = await SessionWithAsync("one");

        var unknown = await RunAsync("message", "edit", user, session, "5", "--content", "x");
        var empty = await RunAsync("message", "edit", user, session, "1");

        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("chatdb message edit: not found:", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("--content or --metadata", empty.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionFork_PrintsTheNewId_WhichHoldsTheMessagesUpToTheSeq()
    {
        var (user, session) = await SessionWithAsync("one", "two", "three");

        var fork = (await RunAsync("session", "fork", user, session, "--at", "2", "--title", "branch")).Ok().Trim();
        var beyond = await RunAsync("session", "fork", user, session, "--at", "9");

        Assert.StartsWith("chat_session_", fork, StringComparison.Ordinal);
        Assert.NotEqual(session, fork);
        Assert.Equal(2, (await RunAsync("message", "list", user, fork)).Lines.Length);
        var json = JsonDocument.Parse((await RunAsync("session", "get", user, fork, "--json")).Ok()).RootElement;
        Assert.Equal(session, json.GetProperty("forkedFrom").GetProperty("sessionId").GetString());
        Assert.Equal(1, beyond.ExitCode);
        Assert.Contains("fork-within-messages", beyond.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileIds_AreRefusedByEveryNewCommand()
    {
        foreach (var args in new[]
        {
            new[] { "message", "edit", "..", "chat_session_20200101_000000_000000", "1", "--content", "x" },
            ["message", "delete", "a/b", "chat_session_20200101_000000_000000", "1"],
            ["message", "redact", "alice", "../../etc", "1"],
            ["session", "fork", "alice", "chat_session_x"],
        })
        {
            var run = await RunAsync(args);
            Assert.True(run.ExitCode == 1, $"chatdb {string.Join(' ', args)} exited {run.ExitCode}: {run.Error}");
            Assert.Contains("invalid:", run.Error, StringComparison.Ordinal);
        }
    }
}

[Collection(RestCollection.Name)]
public sealed class RestMessageEditCommandTests(ChatDbSilo silo) : MessageEditCommandTests
{
    protected override Task<CliRun> RunAsync(params string[] args) => silo.RunRestAsync(args);
}

[Collection(GatewayCollection.Name)]
public sealed class GatewayMessageEditCommandTests(ChatDbSilo silo) : MessageEditCommandTests
{
    protected override Task<CliRun> RunAsync(params string[] args) => silo.RunGatewayAsync(args);
}

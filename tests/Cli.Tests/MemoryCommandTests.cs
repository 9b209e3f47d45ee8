using System.Text.Json;

namespace ChatDb.Cli.Tests;

/// <summary><c>chatdb memory add|get|list|update|delete|recall|extract</c>, through each door.</summary>
public abstract class MemoryCommandTests
{
    /// <summary>Runs <c>chatdb args...</c> through the door under test.</summary>
    protected abstract Task<CliRun> RunAsync(params string[] args);

    private static string NewUser() => "cli-mem-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task AddGetUpdateListDelete_PrintTheMemory_AsTextAndAsJson()
    {
        var user = NewUser();
        var id = (await RunAsync("memory", "add", user, "User prefers window seats", "--importance", "0.8")).Ok().Trim();
        var scoped = (await RunAsync("memory", "add", user, "User trains on Sundays", "--agent", "coach", "--json")).Ok();

        var shown = (await RunAsync("memory", "get", user, id)).Ok();
        var updated = JsonDocument.Parse((await RunAsync("memory", "update", user, id, "--text", "User prefers aisle seats", "--json")).Ok()).RootElement;
        var listed = await RunAsync("memory", "list", user);
        var plannerView = JsonDocument.Parse((await RunAsync("memory", "list", user, "--agent", "planner", "--json")).Ok()).RootElement;
        var deleted = (await RunAsync("memory", "delete", user, id)).Ok().Trim();
        var gone = await RunAsync("memory", "get", user, id);
        var deletedAgain = await RunAsync("memory", "delete", user, id);

        Assert.Matches("^mem_[0-9a-f]{32}$", id);
        Assert.Equal("coach", JsonDocument.Parse(scoped).RootElement.GetProperty("agentId").GetString());
        Assert.Contains("text:       User prefers window seats", shown, StringComparison.Ordinal);
        Assert.Contains("importance: 0.8", shown, StringComparison.Ordinal);
        Assert.Equal(("User prefers aisle seats", 0.8), (updated.GetProperty("text").GetString(), updated.GetProperty("importance").GetDouble()));
        var scopedId = JsonDocument.Parse(scoped).RootElement.GetProperty("id").GetString();
        Assert.Equal([$"{id}  0.8  User prefers aisle seats", $"{scopedId}  0.5  User trains on Sundays"], listed.Ok().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal([id], plannerView.EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal($"deleted memory {id}", deleted);
        Assert.Equal(1, gone.ExitCode);
        Assert.StartsWith("chatdb memory get: not found:", gone.Error, StringComparison.Ordinal);
        Assert.Equal(1, deletedAgain.ExitCode);
        Assert.StartsWith("chatdb memory delete: not found:", deletedAgain.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recall_PrintsTheBestFirst_WithScores()
    {
        var user = NewUser();
        (await RunAsync("memory", "add", user, "User's daughter is Ana")).Ok();
        var home = (await RunAsync("memory", "add", user, "User lives in Porto")).Ok().Trim();
        (await RunAsync("memory", "add", user, "User likes hiking")).Ok();

        var text = await RunAsync("memory", "recall", user, "where does the user live? Porto", "--k", "2");
        var json = JsonDocument.Parse((await RunAsync("memory", "recall", user, "where does the user live? Porto", "--k", "2", "--json")).Ok()).RootElement;

        Assert.InRange(text.Ok().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, 1, 2);
        Assert.Matches(@"^\d+\.\d{4}  " + home + "  0.5  User lives in Porto$", text.Lines[0]);
        Assert.Equal(home, json[0].GetProperty("memory").GetProperty("id").GetString());
        var scores = json.EnumerateArray().Select(h => h.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
    }

    [Fact]
    public async Task Extract_PrintsWhatWasAdded_ThenNothingTheSecondTime()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        (await RunAsync("message", "add", user, session, "I live in Lisbon and I'm a vegetarian.")).Ok();

        var first = await RunAsync("memory", "extract", user, session);
        var second = (await RunAsync("memory", "extract", user, session, "--from-seq", "1")).Ok().Trim();
        var listed = JsonDocument.Parse((await RunAsync("memory", "list", user, "--json")).Ok()).RootElement;

        Assert.Equal(["User is a vegetarian", "User lives in Lisbon"], first.Ok().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => Assert.Single(System.Text.RegularExpressions.Regex.Matches(l, "^added    mem_[0-9a-f]{32}  0.5  (.+)$")).Groups[1].Value).Order(StringComparer.Ordinal));
        Assert.Equal("nothing new to remember", second);
        Assert.Equal(2, listed.GetArrayLength());
        Assert.All(listed.EnumerateArray(), m => Assert.Equal(session, m.GetProperty("source").GetProperty("sessionId").GetString()));
    }

    [Fact]
    public async Task BadInput_ExitsWithOne_NamingWhatWasWrong()
    {
        var user = NewUser();

        var badId = await RunAsync("memory", "get", user, "mem_123");
        var tooLong = await RunAsync("memory", "add", user, new string('x', 2_001));
        var badImportance = await RunAsync("memory", "add", user, "x", "--importance", "7");
        var emptyUpdate = await RunAsync("memory", "update", user, "mem_00000000000000000000000000000000");
        var missingSession = await RunAsync("memory", "extract", user, "chat_session_20200101_000000_000000");
        var badK = await RunAsync("memory", "recall", user, "x", "--k", "0");

        Assert.Equal((1, 1, 1, 1, 1, 1), (badId.ExitCode, tooLong.ExitCode, badImportance.ExitCode, emptyUpdate.ExitCode, missingSession.ExitCode, badK.ExitCode));
        Assert.Contains("memory-id-form", badId.Error, StringComparison.Ordinal);
        Assert.StartsWith("chatdb memory add: limit exceeded:", tooLong.Error, StringComparison.Ordinal);
        Assert.Contains("MaxMemoryChars", tooLong.Error, StringComparison.Ordinal);
        Assert.Contains("memory-importance-range", badImportance.Error, StringComparison.Ordinal);
        Assert.Contains("give at least one of --text", emptyUpdate.Error, StringComparison.Ordinal);
        Assert.StartsWith("chatdb memory extract: not found:", missingSession.Error, StringComparison.Ordinal);
        Assert.Contains("k 0 is out of range", badK.Error, StringComparison.Ordinal);
        Assert.Equal("[]", (await RunAsync("memory", "list", user, "--json")).Ok().Trim());
    }
}

/// <summary><see cref="MemoryCommandTests"/> over REST.</summary>
[Collection(RestCollection.Name)]
public sealed class RestMemoryCommandTests(ChatDbSilo silo) : MemoryCommandTests
{
    protected override Task<CliRun> RunAsync(params string[] args) => silo.RunRestAsync(args);
}

/// <summary><see cref="MemoryCommandTests"/> through the gateway.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayMemoryCommandTests(ChatDbSilo silo) : MemoryCommandTests
{
    protected override Task<CliRun> RunAsync(params string[] args) => silo.RunGatewayAsync(args);
}

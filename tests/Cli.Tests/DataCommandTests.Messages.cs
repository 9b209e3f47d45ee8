using System.Text.Json;

namespace ChatDb.Cli.Tests;

/// <summary><c>chatdb message add-batch|tokens</c>, structured parts, <c>--fit-tokens</c> and <c>--metadata</c>, through each door.</summary>
public abstract partial class DataCommandTests
{
    private string WriteFile(string name, string text)
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Join(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Message_AddBatch_FromAJsonlFile_ThenTokensAndFitTokens()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        var lines = Enumerable.Range(1, 5).Select(i => $$"""{"id":"b{{i}}","role":"user","content":"batch message {{i}}"}""");
        var file = WriteFile("batch.jsonl", string.Join('\n', lines) + "\n\n");

        var added = (await RunAsync("message", "add-batch", user, session, "--file", file)).Lines;
        var retried = (await RunAsync("message", "add-batch", user, session, "--file", file)).Lines;
        var totals = JsonDocument.Parse((await RunAsync("message", "tokens", user, session, "--json")).Ok()).RootElement;
        var listed = JsonDocument.Parse((await RunAsync("message", "list", user, session, "--json")).Ok()).RootElement;
        var lastTwo = listed[3].GetProperty("tokens").GetInt32() + listed[4].GetProperty("tokens").GetInt32();
        var fit = (await RunAsync("message", "list", user, session, "--fit-tokens", lastTwo.ToString(System.Globalization.CultureInfo.InvariantCulture))).Lines;

        Assert.Equal(["#1 b1", "#2 b2", "#3 b3", "#4 b4", "#5 b5"], added);
        Assert.Equal(added, retried);
        Assert.Equal(5, totals.GetProperty("messages").GetInt64());
        Assert.Equal(listed.EnumerateArray().Sum(m => m.GetProperty("tokens").GetInt64()), totals.GetProperty("tokens").GetInt64());
        Assert.Equal(2, fit.Length);
        Assert.StartsWith("#4 ", fit[0], StringComparison.Ordinal);
        Assert.Contains("tokens (o200k_base) in 5 messages", (await RunAsync("message", "tokens", user, session)).Ok(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_AddBatch_WithABadLine_NamesTheLine_AndWritesNothing()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        var file = WriteFile("bad.jsonl", "{\"role\":\"user\",\"content\":\"ok\"}\n{not json\n");

        var run = await RunAsync("message", "add-batch", user, session, "--file", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("line 2", run.Error, StringComparison.Ordinal);
        Assert.Empty((await RunAsync("message", "list", user, session)).Lines);
    }

    [Fact]
    public async Task Message_Add_WithParts_StoresThem()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();

        (await RunAsync("message", "add", user, session, "--role", "assistant", "--parts",
            """[{"type":"text","text":"Let me check."},{"type":"tool_call","callId":"c1","name":"weather","arguments":{"city":"Oslo"}}]""")).Ok();

        var message = JsonDocument.Parse((await RunAsync("message", "list", user, session, "--json")).Ok()).RootElement[0];
        Assert.Equal("Let me check.", message.GetProperty("content").GetString());
        Assert.Equal("weather", message.GetProperty("parts")[1].GetProperty("name").GetString());
    }

    [Fact]
    public async Task MetadataFilters_OnMessageList_SessionList_AndSearch()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user, "--metadata", """{"channel":"support"}""")).Ok().Trim();
        (await RunAsync("session", "create", user)).Ok();
        var file = WriteFile("tagged.jsonl", """
            {"role":"user","content":"invoice question one","metadata":{"lang":"en"}}
            {"role":"user","content":"invoice question two","metadata":{"lang":"de"}}
            """);
        (await RunAsync("message", "add-batch", user, session, "--file", file)).Ok();

        var sessions = (await RunAsync("session", "list", user, "--metadata", "channel=support")).Lines;
        var messages = (await RunAsync("message", "list", user, session, "--metadata", "lang=de")).Lines;
        var hits = (await RunAsync("search", "user", user, "invoice", "--mode", "fulltext", "--metadata", "lang=en")).Lines;
        var bad = await RunAsync("message", "list", user, session, "--metadata", "novalue");

        Assert.Contains(session, Assert.Single(sessions), StringComparison.Ordinal);
        Assert.Contains("invoice question two", Assert.Single(messages), StringComparison.Ordinal);
        Assert.Single(hits);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("KEY=VALUE", bad.Error, StringComparison.Ordinal);
    }
}

using System.Text.Json;

namespace ChatDb.Cli.Tests;

/// <summary><c>user update</c>, <c>session update</c>, <c>context snapshot|history</c> and <c>document analysis</c>.</summary>
public abstract partial class DataCommandTests
{
    [Fact]
    public async Task UserUpdate_MergesPreferencesAndData_AndAStaleIfMatchWritesNothing()
    {
        var user = NewUser();
        var stale = ETagOf(await RunAsync("user", "create", user, "--name", "Ada", "--preferences", "{\"theme\":\"dark\",\"lang\":\"en\"}"));

        var updated = await RunAsync("user", "update", user, "--preferences", "{\"lang\":null,\"units\":\"metric\"}", "--data", "{\"plan\":\"pro\"}",
            "--if-match", stale);
        var refused = await RunAsync("user", "update", user, "--name", "Eve", "--if-match", stale);

        Assert.NotEqual(stale, ETagOf(updated));
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("chatdb user update: precondition failed:", refused.Error, StringComparison.Ordinal);
        var json = JsonDocument.Parse((await RunAsync("user", "get", user, "--json")).Ok()).RootElement;
        Assert.Equal("Ada", json.GetProperty("displayName").GetString());
        var preferences = json.GetProperty("preferences");
        Assert.Equal("dark", preferences.GetProperty("theme").GetString());
        Assert.Equal("metric", preferences.GetProperty("units").GetString());
        Assert.False(preferences.TryGetProperty("lang", out _));
        Assert.Equal("pro", json.GetProperty("data").GetProperty("plan").GetString());
    }

    [Fact]
    public async Task UserUpdate_WithNothingToChange_OrOfAMissingUser_Fails()
    {
        var user = NewUser();
        var empty = await RunAsync("user", "update", user);
        var missing = await RunAsync("user", "update", user, "--name", "Ada");

        Assert.Equal(1, empty.ExitCode);
        Assert.StartsWith("chatdb user update: invalid: user update: give at least one of --name, --preferences and --data.", empty.Error, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("chatdb user update: not found:", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionUpdate_ReplacesTheTitle_MergesTheMetadata_AndAStaleIfMatchWritesNothing()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user, "--title", "Trip", "--metadata", "{\"a\":1,\"b\":2}")).Ok().Trim();
        var stale = ETagOf(await RunAsync("session", "get", user, session));

        var updated = await RunAsync("session", "update", user, session, "--title", "Lisbon trip", "--metadata", "{\"b\":null,\"c\":3}", "--if-match", stale);
        var refused = await RunAsync("session", "update", user, session, "--title", "Lost", "--if-match", stale);

        Assert.Contains("title:    Lisbon trip", updated.Ok(), StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("chatdb session update: precondition failed:", refused.Error, StringComparison.Ordinal);
        var json = JsonDocument.Parse((await RunAsync("session", "get", user, session, "--json")).Ok()).RootElement;
        Assert.Equal("Lisbon trip", json.GetProperty("title").GetString());
        Assert.Equal(["a", "c"], json.GetProperty("metadata").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(1, (await RunAsync("session", "update", user, session)).ExitCode);
    }

    [Fact]
    public async Task ContextSnapshot_SavesTheCurrentContext_AndHistoryListsThemNewestFirst()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        (await RunAsync("context", "set", user, session, "--summary", "Planning", "--confidence", "0.5")).Ok();
        var first = (await RunAsync("context", "snapshot", user, session)).Ok().Trim();
        (await RunAsync("context", "set", user, session, "--summary", "Booking", "--confidence", "0.9")).Ok();
        var second = JsonDocument.Parse((await RunAsync("context", "snapshot", user, session, "--json")).Ok()).RootElement;

        Assert.False(string.IsNullOrWhiteSpace(first));
        Assert.NotEqual(first, second.GetProperty("id").GetString());
        Assert.Equal("Booking", second.GetProperty("context").GetProperty("summary").GetString());
        var lines = (await RunAsync("context", "history", user, session)).Lines;
        Assert.Equal(2, lines.Length);
        Assert.EndsWith("0.9  Booking", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("0.5  Planning", lines[1], StringComparison.Ordinal);
        var newest = JsonDocument.Parse((await RunAsync("context", "history", user, session, "--limit", "1", "--json")).Ok()).RootElement;
        Assert.Equal("Booking", Assert.Single(newest.EnumerateArray()).GetProperty("summary").GetString());
    }

    [Fact]
    public async Task DocumentAnalysis_MergesIntoTheAnalysis_AndAStaleIfMatchWritesNothing()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        Directory.CreateDirectory(_directory);
        var source = Path.Join(_directory, "notes.txt");
        await File.WriteAllTextAsync(source, "remember the milk");
        var stale = ETagOf(await RunAsync("document", "put", user, session, source));

        var first = await RunAsync("document", "analysis", user, session, "notes.txt", "{\"language\":\"en\",\"words\":3}", "--if-match", stale);
        var refused = await RunAsync("document", "analysis", user, session, "notes.txt", "{\"language\":\"de\"}", "--if-match", stale);
        var second = JsonDocument.Parse((await RunAsync("document", "analysis", user, session, "notes.txt", "{\"words\":null,\"topic\":\"shopping\"}", "--json")).Ok())
            .RootElement;

        Assert.Contains("analysis: ", first.Ok(), StringComparison.Ordinal);
        Assert.NotEqual(stale, ETagOf(first));
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("chatdb document analysis: precondition failed:", refused.Error, StringComparison.Ordinal);
        var analysis = second.GetProperty("analysis");
        Assert.Equal("en", analysis.GetProperty("language").GetString());
        Assert.Equal("shopping", analysis.GetProperty("topic").GetString());
        Assert.False(analysis.TryGetProperty("words", out _));
        var missing = await RunAsync("document", "analysis", user, session, "absent.txt", "{\"k\":1}");
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("chatdb document analysis: not found:", missing.Error, StringComparison.Ordinal);
    }

    /// <summary>The ETag a command printed (<c>etag: "…"</c>), quotes included, as <c>--if-match</c> takes it.</summary>
    private static string ETagOf(CliRun run)
    {
        var line = Assert.Single(run.Ok().Split('\n'), l => l.StartsWith("etag: ", StringComparison.Ordinal));
        return line["etag: ".Length..].Trim();
    }
}

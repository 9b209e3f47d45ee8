using System.Text.Json;

namespace ChatDb.Cli.Tests;

/// <summary>Every data command group, run once through each door: REST (<see cref="RestDataCommandTests"/>) and the gateway (<see cref="GatewayDataCommandTests"/>).</summary>
public abstract partial class DataCommandTests : IDisposable
{
    private readonly string _directory = Path.Join(Path.GetTempPath(), "chatdb-cli-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Runs <c>chatdb args...</c> through the door under test.</summary>
    protected abstract Task<CliRun> RunAsync(params string[] args);

    private static string NewUser() => "cli-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task User_CreateGetDelete()
    {
        var user = NewUser();
        Assert.Contains(user, (await RunAsync("user", "create", user, "--name", "Ada")).Ok(), StringComparison.Ordinal);

        var json = JsonDocument.Parse((await RunAsync("user", "get", user, "--json")).Ok()).RootElement;
        Assert.Equal("Ada", json.GetProperty("displayName").GetString());

        Assert.Contains("deleted user", (await RunAsync("user", "delete", user)).Ok(), StringComparison.Ordinal);
        var gone = await RunAsync("user", "get", user);
        Assert.Equal(1, gone.ExitCode);
        Assert.StartsWith("chatdb user get: not found:", gone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_CreateListGetDelete()
    {
        var user = NewUser();
        var id = (await RunAsync("session", "create", user, "--title", "Trip")).Ok().Trim();
        Assert.StartsWith("chat_session_", id, StringComparison.Ordinal);

        Assert.Contains(id, (await RunAsync("session", "list", user)).Ok(), StringComparison.Ordinal);
        var listed = JsonDocument.Parse((await RunAsync("session", "list", user, "--json")).Ok()).RootElement;
        Assert.Equal("Trip", listed[0].GetProperty("title").GetString());
        Assert.Contains("title:    Trip", (await RunAsync("session", "get", user, id)).Ok(), StringComparison.Ordinal);

        (await RunAsync("session", "delete", user, id)).Ok();
        Assert.Equal(1, (await RunAsync("session", "get", user, id)).ExitCode);
    }

    [Fact]
    public async Task Search_User_FindsTheMatchingMessage_AsTextAndJson()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        (await RunAsync("message", "add", user, session, "the sourdough needs a warmer proof")).Ok();
        (await RunAsync("message", "add", user, session, "trains to Vienna leave at nine")).Ok();

        var text = (await RunAsync("search", "user", user, "sourdough", "--mode", "fulltext")).Lines;
        var json = JsonDocument.Parse((await RunAsync("search", "user", user, "vienna", "--json")).Ok()).RootElement;

        Assert.Contains(session, Assert.Single(text), StringComparison.Ordinal);
        Assert.Equal(2, json[0].GetProperty("message").GetProperty("seq").GetInt64());
        Assert.Equal(1, (await RunAsync("search", "user", user, "bread", "--mode", "sideways")).ExitCode);
    }

    [Fact]
    public async Task Message_AddList()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        Assert.StartsWith("#1 ", (await RunAsync("message", "add", user, session, "hello")).Ok(), StringComparison.Ordinal);
        (await RunAsync("message", "add", user, session, "hi there", "--role", "assistant")).Ok();

        var lines = (await RunAsync("message", "list", user, session)).Lines;
        Assert.Equal(2, lines.Length);
        Assert.EndsWith("user: hello", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("assistant: hi there", lines[1], StringComparison.Ordinal);

        var page = JsonDocument.Parse((await RunAsync("message", "list", user, session, "--after", "1", "--json")).Ok()).RootElement;
        Assert.Equal(2, Assert.Single(page.EnumerateArray()).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Context_SetGet()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        (await RunAsync("context", "set", user, session, "--summary", "Planning", "--key-point", "Lisbon", "--key-point", "May", "--confidence", "0.8")).Ok();

        var json = JsonDocument.Parse((await RunAsync("context", "get", user, session, "--json")).Ok()).RootElement;
        Assert.Equal("Planning", json.GetProperty("summary").GetString());
        Assert.Equal(["Lisbon", "May"], json.GetProperty("keyPoints").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Context_Summarize_ReportsWhatWasFolded()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        (await RunAsync("message", "add", user, session, "I live in Lisbon.")).Ok();

        var text = (await RunAsync("context", "summarize", user, session)).Ok();
        var json = JsonDocument.Parse((await RunAsync("context", "summarize", user, session, "--json")).Ok()).RootElement;

        Assert.Contains("summarized: nothing new to fold", text, StringComparison.Ordinal);
        Assert.False(json.GetProperty("summarized").GetBoolean());
    }

    [Fact]
    public async Task Document_PutListGet()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        Directory.CreateDirectory(_directory);
        var source = Path.Join(_directory, "notes.txt");
        await File.WriteAllTextAsync(source, "remember the milk");

        Assert.Contains("notes.txt", (await RunAsync("document", "put", user, session, source)).Ok(), StringComparison.Ordinal);
        Assert.Contains("17 bytes", (await RunAsync("document", "list", user, session)).Ok(), StringComparison.Ordinal);

        var target = Path.Join(_directory, "copy.txt");
        (await RunAsync("document", "get", user, session, "notes.txt", "--out", target)).Ok();
        Assert.Equal("remember the milk", await File.ReadAllTextAsync(target));

        var again = await RunAsync("document", "get", user, session, "notes.txt", "--out", target);
        Assert.Equal(1, again.ExitCode);
    }

    [Fact]
    public async Task Panel_CreateAddList()
    {
        var panel = (await RunAsync("panel", "create", "--persona", "critic", "--persona", "optimist")).Ok().Trim();
        Assert.StartsWith("panel_", panel, StringComparison.Ordinal);
        (await RunAsync("panel", "add", panel, "critic", "No.")).Ok();
        Assert.EndsWith("critic: No.", Assert.Single((await RunAsync("panel", "messages", panel)).Lines), StringComparison.Ordinal);

        var refused = await RunAsync("panel", "add", panel, "stranger", "hi");
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("chatdb panel add: invalid:", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persona_PutGetList_GlobalAndOwn()
    {
        var user = NewUser();
        var id = "p-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Contains("version 1", (await RunAsync("persona", "put", id, "{\"name\":\"Critic\"}")).Ok(), StringComparison.Ordinal);
        Assert.Contains("version 2", (await RunAsync("persona", "put", id, "{\"name\":\"Critic 2\"}")).Ok(), StringComparison.Ordinal);
        (await RunAsync("persona", "put", id, "{\"name\":\"Mine\"}", "--user", user)).Ok();

        var global = JsonDocument.Parse((await RunAsync("persona", "get", id, "--json")).Ok()).RootElement;
        Assert.Equal("Critic 2", global.GetProperty("data").GetProperty("name").GetString());
        Assert.Contains("\"Mine\"", (await RunAsync("persona", "get", id, "--user", user)).Ok(), StringComparison.Ordinal);
        Assert.Contains(id, (await RunAsync("persona", "list")).Ok(), StringComparison.Ordinal);
        var own = (await RunAsync("persona", "list", "--user", user)).Lines;
        Assert.StartsWith(id + "  user  v1", own[0], StringComparison.Ordinal);
        Assert.Contains(own, line => line.StartsWith(id + "  global  v2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SessionDelete_ReportsTheMessagesDocumentsAndSnapshotsItRemoved()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        (await RunAsync("message", "add", user, session, "one")).Ok();
        (await RunAsync("message", "add", user, session, "two")).Ok();
        Directory.CreateDirectory(_directory);
        var source = Path.Join(_directory, "a.txt");
        await File.WriteAllTextAsync(source, "a");
        (await RunAsync("document", "put", user, session, source)).Ok();
        (await RunAsync("context", "set", user, session, "--summary", "s", "--snapshot")).Ok();

        var deleted = (await RunAsync("session", "delete", user, session)).Ok().Trim();

        Assert.Equal($"moved session {session} to the trash: 2 message(s), 1 document(s), 1 snapshot(s)", deleted);
    }

    [Fact]
    public async Task UserDelete_ReportsTheSessionsAndPersonasItRemoved()
    {
        var user = NewUser();
        (await RunAsync("user", "create", user)).Ok();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        (await RunAsync("message", "add", user, session, "one")).Ok();
        (await RunAsync("persona", "put", "mine", "{\"name\":\"x\"}", "--user", user)).Ok();

        var deleted = (await RunAsync("user", "delete", user)).Ok().Trim();

        Assert.Equal($"deleted user {user}: 1 session(s), 1 message(s), 0 document(s), 1 persona(s)", deleted);
    }

    [Fact]
    public async Task Search_Panel_FindsTheMatchingMessage()
    {
        var panel = (await RunAsync("panel", "create", "--persona", "critic")).Ok().Trim();
        (await RunAsync("panel", "add", panel, "critic", "the bridge design is too heavy")).Ok();
        (await RunAsync("panel", "add", panel, "user", "what about the budget")).Ok();

        var hits = (await RunAsync("search", "panel", panel, "bridge")).Lines;

        Assert.Contains("bridge", Assert.Single(hits), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionGet_OfAMissingSession_IsNotFound_WithExitCode1()
    {
        var run = await RunAsync("session", "get", NewUser(), "chat_session_20250101_000000_000000");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("chatdb session get: not found:", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task HostileIds_AreRefusedWithOneLine_AndNoStackTrace()
    {
        foreach (var id in new[] { "..", "../x", "/etc/passwd", "a/b", "a\0b", new string('a', 300) })
        {
            var run = await RunAsync("user", "create", id);
            Assert.True(run.ExitCode == 1, $"user create {id.Replace("\0", "\\0", StringComparison.Ordinal)}: {run.Error}");
            Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Verbose_ShowsTheStackTrace()
    {
        var run = await RunAsync("user", "get", NewUser(), "--verbose");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("   at ", run.Error, StringComparison.Ordinal);
    }
}

using System.Text.Json;

namespace ChatDb.Cli.Tests;

[Collection(CliCollection.Name)]
public sealed class DataCommandTests(CliCluster cluster) : IDisposable
{
    private readonly string _directory = Path.Join(Path.GetTempPath(), "chatdb-cli-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string NewUser() => "cli-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task User_CreateGetDelete()
    {
        var user = NewUser();
        Assert.Contains(user, (await cluster.RunAsync("user", "create", user, "--name", "Ada")).Ok(), StringComparison.Ordinal);

        var json = JsonDocument.Parse((await cluster.RunAsync("user", "get", user, "--json")).Ok()).RootElement;
        Assert.Equal("Ada", json.GetProperty("displayName").GetString());

        Assert.Contains("deleted user", (await cluster.RunAsync("user", "delete", user)).Ok(), StringComparison.Ordinal);
        var gone = await cluster.RunAsync("user", "get", user);
        Assert.Equal(1, gone.ExitCode);
        Assert.StartsWith("chatdb user get: not found:", gone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_CreateListGetDelete()
    {
        var user = NewUser();
        var id = (await cluster.RunAsync("session", "create", user, "--title", "Trip")).Ok().Trim();
        Assert.StartsWith("chat_session_", id, StringComparison.Ordinal);

        Assert.Contains(id, (await cluster.RunAsync("session", "list", user)).Ok(), StringComparison.Ordinal);
        var listed = JsonDocument.Parse((await cluster.RunAsync("session", "list", user, "--json")).Ok()).RootElement;
        Assert.Equal("Trip", listed[0].GetProperty("title").GetString());
        Assert.Contains("title:    Trip", (await cluster.RunAsync("session", "get", user, id)).Ok(), StringComparison.Ordinal);

        (await cluster.RunAsync("session", "delete", user, id)).Ok();
        Assert.Equal(1, (await cluster.RunAsync("session", "get", user, id)).ExitCode);
    }

    [Fact]
    public async Task Search_User_FindsTheMatchingMessage_AsTextAndJson()
    {
        var user = NewUser();
        var session = (await cluster.RunAsync("session", "create", user)).Ok().Trim();
        (await cluster.RunAsync("message", "add", user, session, "the sourdough needs a warmer proof")).Ok();
        (await cluster.RunAsync("message", "add", user, session, "trains to Vienna leave at nine")).Ok();

        var text = (await cluster.RunAsync("search", "user", user, "sourdough", "--mode", "fulltext")).Lines;
        var json = JsonDocument.Parse((await cluster.RunAsync("search", "user", user, "vienna", "--json")).Ok()).RootElement;

        Assert.Contains(session, Assert.Single(text), StringComparison.Ordinal);
        Assert.Equal(2, json[0].GetProperty("message").GetProperty("seq").GetInt64());
        Assert.Equal(1, (await cluster.RunAsync("search", "user", user, "bread", "--mode", "sideways")).ExitCode);
    }

    [Fact]
    public async Task Message_AddList()
    {
        var user = NewUser();
        var session = (await cluster.RunAsync("session", "create", user)).Ok().Trim();
        Assert.StartsWith("#1 ", (await cluster.RunAsync("message", "add", user, session, "hello")).Ok(), StringComparison.Ordinal);
        (await cluster.RunAsync("message", "add", user, session, "hi there", "--role", "assistant")).Ok();

        var lines = (await cluster.RunAsync("message", "list", user, session)).Lines;
        Assert.Equal(2, lines.Length);
        Assert.EndsWith("user: hello", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("assistant: hi there", lines[1], StringComparison.Ordinal);

        var page = JsonDocument.Parse((await cluster.RunAsync("message", "list", user, session, "--after", "1", "--json")).Ok()).RootElement;
        Assert.Equal(2, Assert.Single(page.EnumerateArray()).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Context_SetGet()
    {
        var user = NewUser();
        var session = (await cluster.RunAsync("session", "create", user)).Ok().Trim();
        (await cluster.RunAsync("context", "set", user, session, "--summary", "Planning", "--key-point", "Lisbon", "--key-point", "May", "--confidence", "0.8")).Ok();

        var json = JsonDocument.Parse((await cluster.RunAsync("context", "get", user, session, "--json")).Ok()).RootElement;
        Assert.Equal("Planning", json.GetProperty("summary").GetString());
        Assert.Equal(["Lisbon", "May"], json.GetProperty("keyPoints").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Document_PutListGet()
    {
        var user = NewUser();
        var session = (await cluster.RunAsync("session", "create", user)).Ok().Trim();
        Directory.CreateDirectory(_directory);
        var source = Path.Join(_directory, "notes.txt");
        await File.WriteAllTextAsync(source, "remember the milk");

        Assert.Contains("notes.txt", (await cluster.RunAsync("document", "put", user, session, source)).Ok(), StringComparison.Ordinal);
        Assert.Contains("17 bytes", (await cluster.RunAsync("document", "list", user, session)).Ok(), StringComparison.Ordinal);

        var target = Path.Join(_directory, "copy.txt");
        (await cluster.RunAsync("document", "get", user, session, "notes.txt", "--out", target)).Ok();
        Assert.Equal("remember the milk", await File.ReadAllTextAsync(target));

        var again = await cluster.RunAsync("document", "get", user, session, "notes.txt", "--out", target);
        Assert.Equal(1, again.ExitCode);
    }

    [Fact]
    public async Task Panel_CreateAddList()
    {
        var panel = (await cluster.RunAsync("panel", "create", "--persona", "critic", "--persona", "optimist")).Ok().Trim();
        Assert.StartsWith("panel_", panel, StringComparison.Ordinal);
        (await cluster.RunAsync("panel", "add", panel, "critic", "No.")).Ok();
        Assert.EndsWith("critic: No.", Assert.Single((await cluster.RunAsync("panel", "list", panel)).Lines), StringComparison.Ordinal);

        var refused = await cluster.RunAsync("panel", "add", panel, "stranger", "hi");
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("chatdb panel add: invalid:", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persona_PutGetList_GlobalAndOwn()
    {
        var user = NewUser();
        var id = "p-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Contains("version 1", (await cluster.RunAsync("persona", "put", id, "{\"name\":\"Critic\"}")).Ok(), StringComparison.Ordinal);
        Assert.Contains("version 2", (await cluster.RunAsync("persona", "put", id, "{\"name\":\"Critic 2\"}")).Ok(), StringComparison.Ordinal);
        (await cluster.RunAsync("persona", "put", id, "{\"name\":\"Mine\"}", "--user", user)).Ok();

        var global = JsonDocument.Parse((await cluster.RunAsync("persona", "get", id, "--json")).Ok()).RootElement;
        Assert.Equal("Critic 2", global.GetProperty("data").GetProperty("name").GetString());
        Assert.Contains("\"Mine\"", (await cluster.RunAsync("persona", "get", id, "--user", user)).Ok(), StringComparison.Ordinal);
        Assert.Contains(id, (await cluster.RunAsync("persona", "list")).Ok(), StringComparison.Ordinal);
        Assert.StartsWith(id, Assert.Single((await cluster.RunAsync("persona", "list", "--user", user)).Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileIds_AreRefusedWithOneLine_AndNoStackTrace()
    {
        foreach (var id in new[] { "..", "../x", "/etc/passwd", "a/b", "a\0b", new string('a', 300) })
        {
            var run = await cluster.RunAsync("user", "create", id);
            Assert.True(run.ExitCode == 1, $"user create {id.Replace("\0", "\\0", StringComparison.Ordinal)}: {run.Error}");
            Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Verbose_ShowsTheStackTrace()
    {
        var run = await cluster.RunAsync("user", "get", NewUser(), "--verbose");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableGateway_ExitsNonZeroWithOneLine()
    {
        var gateway = CliCluster.UnusedGateway();
        var run = await CliCluster.RunAgainstAsync(gateway, "user", "get", "alice");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal($"chatdb user get: cannot reach a silo at {gateway} (is it running? use --gateway host:port).", run.Error.Trim());
        Assert.Empty(run.Output);
    }
}

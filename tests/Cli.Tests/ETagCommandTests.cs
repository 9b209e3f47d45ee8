using System.Text.Json;

namespace ChatDb.Cli.Tests;

/// <summary>
/// Optimistic concurrency on the command line through each door: get commands print the ETag, and a write with a
/// stale <c>--if-match</c> fails with "precondition failed" and leaves the record as it was.
/// </summary>
public abstract class ETagCommandTests : IDisposable
{
    private readonly string _directory = Path.Join(Path.GetTempPath(), "chatdb-cli-etag-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    protected abstract Task<CliRun> RunAsync(params string[] args);

    private static string NewUser() => "cli-etag-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task UserCreate_WithTheETagOfAGet_Replaces_WithAStaleOne_FailsAndWritesNothing()
    {
        var user = NewUser();
        var stale = ETagOf(await RunAsync("user", "create", user, "--name", "Ada"));
        Assert.Equal(stale, ETagOf(await RunAsync("user", "get", user)));

        var replaced = await RunAsync("user", "create", user, "--name", "Grace", "--if-match", stale);
        var refused = await RunAsync("user", "create", user, "--name", "Eve", "--if-match", stale);

        var current = ETagOf(replaced);
        Assert.NotEqual(stale, current);
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("chatdb user create: precondition failed:", refused.Error, StringComparison.Ordinal);
        Assert.Contains(current.Trim('"'), refused.Error, StringComparison.Ordinal);
        var json = JsonDocument.Parse((await RunAsync("user", "get", user, "--json")).Ok()).RootElement;
        Assert.Equal("Grace", json.GetProperty("displayName").GetString());
        Assert.False(json.TryGetProperty("etag", out _));
    }

    [Fact]
    public async Task UserDelete_WithAStaleIfMatch_KeepsTheUser_WithTheCurrentOneDeletes()
    {
        var user = NewUser();
        var stale = ETagOf(await RunAsync("user", "create", user, "--name", "Ada"));
        var current = ETagOf(await RunAsync("user", "create", user, "--name", "Grace"));

        Assert.Equal(1, (await RunAsync("user", "delete", user, "--if-match", stale)).ExitCode);
        Assert.Contains("Grace", (await RunAsync("user", "get", user)).Ok(), StringComparison.Ordinal);
        (await RunAsync("user", "delete", user, "--if-match", current)).Ok();
        Assert.Equal(1, (await RunAsync("user", "get", user)).ExitCode);
    }

    [Fact]
    public async Task SessionDelete_WithAStaleIfMatch_KeepsTheSession()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user, "--title", "Trip")).Ok().Trim();
        var stale = ETagOf(await RunAsync("session", "get", user, session));
        (await RunAsync("message", "add", user, session, "a message moves updated_at")).Ok();

        var refused = await RunAsync("session", "delete", user, session, "--if-match", stale);

        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("chatdb session delete: precondition failed:", refused.Error, StringComparison.Ordinal);
        var current = ETagOf(await RunAsync("session", "get", user, session));
        (await RunAsync("session", "delete", user, session, "--if-match", current)).Ok();
    }

    [Fact]
    public async Task ContextSet_IfMatchStar_WithoutContext_Fails_ThenTheETagOfAGetWorks()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();

        var refused = await RunAsync("context", "set", user, session, "--summary", "Planning", "--if-match", "*");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(1, (await RunAsync("context", "get", user, session)).ExitCode);

        (await RunAsync("context", "set", user, session, "--summary", "Planning")).Ok();
        var etag = ETagOf(await RunAsync("context", "get", user, session));
        var updated = await RunAsync("context", "set", user, session, "--summary", "Booked", "--if-match", etag);
        Assert.Contains("Booked", updated.Ok(), StringComparison.Ordinal);
        Assert.Equal(1, (await RunAsync("context", "set", user, session, "--summary", "Lost", "--if-match", etag)).ExitCode);
        Assert.Contains("Booked", (await RunAsync("context", "get", user, session)).Ok(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocumentPut_WithAStaleIfMatch_LeavesTheStoredBytes()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        Directory.CreateDirectory(_directory);
        var source = Path.Join(_directory, "notes.txt");
        await File.WriteAllTextAsync(source, "first");
        var stale = ETagOf(await RunAsync("document", "put", user, session, source));
        await File.WriteAllTextAsync(source, "second");
        var current = ETagOf(await RunAsync("document", "put", user, session, source, "--if-match", stale));
        await File.WriteAllTextAsync(source, "lost");

        Assert.Equal(1, (await RunAsync("document", "put", user, session, source, "--if-match", stale)).ExitCode);

        var target = Path.Join(_directory, "out.txt");
        Assert.Equal(current, ETagOf(await RunAsync("document", "get", user, session, "notes.txt", "--out", target)));
        Assert.Equal("second", await File.ReadAllTextAsync(target));
    }

    [Fact]
    public async Task PersonaPut_WithAStaleIfMatch_KeepsTheLatestVersion()
    {
        var id = "etag-" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(1, (await RunAsync("persona", "put", id, "{\"name\":\"Critic\"}", "--if-match", "*")).ExitCode);
        var stale = ETagOf(await RunAsync("persona", "put", id, "{\"name\":\"Critic\"}"));
        (await RunAsync("persona", "put", id, "{\"name\":\"Critic 2\"}", "--if-match", stale)).Ok();

        Assert.Equal(1, (await RunAsync("persona", "put", id, "{\"name\":\"Lost\"}", "--if-match", stale)).ExitCode);
        Assert.Contains("version 2", (await RunAsync("persona", "get", id)).Ok(), StringComparison.Ordinal);
    }

    /// <summary>The ETag a command printed (<c>etag: "…"</c>), quotes included, as <c>--if-match</c> takes it.</summary>
    private static string ETagOf(CliRun run)
    {
        var line = Assert.Single(run.Ok().Split('\n'), l => l.StartsWith("etag: ", StringComparison.Ordinal));
        var etag = line["etag: ".Length..].Trim();
        Assert.Matches("^\"[0-9a-f]{32}\"$", etag);
        return etag;
    }
}

/// <summary><see cref="ETagCommandTests"/> over the silo's REST API.</summary>
[Collection(RestCollection.Name)]
public sealed class RestETagCommandTests(ChatDbSilo silo) : ETagCommandTests
{
    protected override Task<CliRun> RunAsync(params string[] args) => silo.RunRestAsync(args);
}

/// <summary><see cref="ETagCommandTests"/> through the silo's Orleans gateway.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayETagCommandTests(ChatDbSilo silo) : ETagCommandTests
{
    protected override Task<CliRun> RunAsync(params string[] args) => silo.RunGatewayAsync(args);
}

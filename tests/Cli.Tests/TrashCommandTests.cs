using System.Text.Json;

namespace ChatDb.Cli.Tests;

/// <summary><c>chatdb trash list|restore</c>, <c>session delete --purge</c> and <c>user delete --trash</c>, through each door.</summary>
public abstract class TrashCommandTests
{
    /// <summary>Runs <c>chatdb args...</c> through the door under test.</summary>
    protected abstract Task<CliRun> RunAsync(params string[] args);

    private static string NewUser() => "cli-trash-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task DeletedSession_IsListed_RestoredWithItsMessages_AndASecondRestoreFailsNamingTheConflict()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user, "--title", "Trip")).Ok().Trim();
        (await RunAsync("message", "add", user, session, "pack the tent")).Ok();
        Assert.StartsWith($"moved session {session} to the trash", (await RunAsync("session", "delete", user, session)).Ok(), StringComparison.Ordinal);

        var listed = (await RunAsync("trash", "list", "--user", user)).Ok();
        var json = JsonDocument.Parse((await RunAsync("trash", "list", "--user", user, "--json")).Ok()).RootElement;
        var restored = (await RunAsync("trash", "restore", session, "--user", user)).Ok();
        var messages = (await RunAsync("message", "list", user, session)).Ok();
        var again = await RunAsync("trash", "restore", session, "--user", user);

        Assert.StartsWith($"{session}  session  deleted ", listed, StringComparison.Ordinal);
        Assert.Equal(session, json[0].GetProperty("id").GetString());
        Assert.Equal($"restored session {session}: Trip", restored.Trim());
        Assert.Contains("pack the tent", messages, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("a live session with that id exists", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionDeleteWithPurge_ErasesAtOnce_SoTheTrashStaysEmpty()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();

        var deleted = (await RunAsync("session", "delete", user, session, "--purge")).Ok().Trim();
        var listed = JsonDocument.Parse((await RunAsync("trash", "list", "--user", user, "--json")).Ok()).RootElement;
        var restore = await RunAsync("trash", "restore", session, "--user", user);

        Assert.Equal($"deleted session {session}: 0 message(s), 0 document(s), 0 snapshot(s)", deleted);
        Assert.Equal(0, listed.GetArrayLength());
        Assert.Equal(1, restore.ExitCode);
        Assert.StartsWith("chatdb trash restore: not found:", restore.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserDeleteWithTrash_KeepsTheSessionsRestorable()
    {
        var user = NewUser();
        (await RunAsync("user", "create", user)).Ok();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();

        var deleted = (await RunAsync("user", "delete", user, "--trash")).Ok().Trim();
        var listed = (await RunAsync("trash", "list", "--user", user)).Ok();

        Assert.Equal($"moved user {user} to the trash: 1 session(s), 0 message(s), 0 document(s), 0 persona(s)", deleted);
        Assert.Contains($"{session}  session", listed, StringComparison.Ordinal);
        Assert.Contains($"{user}  user", listed, StringComparison.Ordinal);
        Assert.Contains("restored session", (await RunAsync("trash", "restore", session, "--user", user)).Ok(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrashCommands_WithNeitherOrBothOfUserAndPanels_AreRefused()
    {
        var neither = await RunAsync("trash", "list");
        var both = await RunAsync("trash", "list", "--user", "u1", "--panels");
        var panels = await RunAsync("trash", "list", "--panels", "--json");
        var missingPanel = await RunAsync("trash", "restore", "panel_20200101_000000_000000", "--panels");

        Assert.Contains("give either --user USER-ID", neither.Error, StringComparison.Ordinal);
        Assert.Contains("give either --user USER-ID", both.Error, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(panels.Ok()).RootElement.ValueKind);
        Assert.StartsWith("chatdb trash restore: not found:", missingPanel.Error, StringComparison.Ordinal);
    }
}

/// <summary><see cref="TrashCommandTests"/> over REST.</summary>
[Collection(RestCollection.Name)]
public sealed class RestTrashCommandTests(ChatDbSilo silo) : TrashCommandTests
{
    protected override Task<CliRun> RunAsync(params string[] args) => silo.RunRestAsync(args);
}

/// <summary><see cref="TrashCommandTests"/> through the gateway.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayTrashCommandTests(ChatDbSilo silo) : TrashCommandTests
{
    protected override Task<CliRun> RunAsync(params string[] args) => silo.RunGatewayAsync(args);
}

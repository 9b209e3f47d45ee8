namespace ChatDb.Cli.Tests;

/// <summary>
/// The offline maintenance commands on a data directory the Orleans silo wrote: refused while the silo holds
/// it, clean once it stopped, and an export of it imported elsewhere serves the same data from a new silo.
/// </summary>
public sealed class SiloDataMaintenanceTests : IAsyncLifetime
{
    private readonly ChatDbSilo _written = new();
    private readonly ChatDbSilo _imported = new();

    public Task InitializeAsync() => _written.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _written.DisposeAsync();
        await _imported.DisposeAsync();
    }

    [Fact]
    public async Task WhatTheSiloWrote_VerifiesClean_AndExportImportCarriesItToAnotherSilo()
    {
        var (user, session, panel) = await WriteThroughTheGatewayAsync();
        var verifyWhileRunning = await ChatDbCli.InvokeAsync("verify", "--data", _written.DataDirectory, "--quiet");

        await _written.StopAsync();
        var verified = await ChatDbCli.InvokeAsync("verify", "--data", _written.DataDirectory, "--quiet");
        var export = Path.Join(_written.Root, "export.jsonl");
        var exported = await ChatDbCli.InvokeAsync("export", "--data", _written.DataDirectory, "--out", export, "--quiet");
        var imported = await ChatDbCli.InvokeAsync("import", "--data", _imported.DataDirectory, "--in", export, "--quiet");
        await _imported.InitializeAsync();

        Assert.Equal(2, verifyWhileRunning.ExitCode);
        Assert.Contains("A running silo", verifyWhileRunning.Error, StringComparison.Ordinal);
        Assert.StartsWith("clean, 0 warning(s)", verified.Ok().Trim().Split('\n')[^1], StringComparison.Ordinal);
        foreach (var count in new[] { "context_snapshot 1", "document 1", "message 2", "panel_message 1", "persona 1", "session 1" })
        {
            Assert.Contains(count, exported.Ok(), StringComparison.Ordinal);
        }

        imported.Ok();
        var messages = (await _imported.RunGatewayAsync("message", "list", user, session)).Lines;
        Assert.Equal(2, messages.Length);
        Assert.EndsWith("user: one", messages[0], StringComparison.Ordinal);
        Assert.EndsWith("assistant: two", messages[1], StringComparison.Ordinal);
        Assert.Contains("\"Planning\"", (await _imported.RunGatewayAsync("context", "get", user, session, "--json")).Ok(), StringComparison.Ordinal);
        Assert.Contains("notes.txt", (await _imported.RunGatewayAsync("document", "list", user, session)).Ok(), StringComparison.Ordinal);
        Assert.EndsWith("critic: No.", Assert.Single((await _imported.RunGatewayAsync("panel", "messages", panel)).Lines), StringComparison.Ordinal);
        Assert.Contains("Critic", (await _imported.RunGatewayAsync("persona", "get", "critic")).Ok(), StringComparison.Ordinal);
        Assert.Contains("Ada", (await _imported.RunGatewayAsync("user", "get", user)).Ok(), StringComparison.Ordinal);
    }

    /// <summary>A user with a profile, a session with two messages, a document and a context snapshot, a persona and a panel.</summary>
    private async Task<(string User, string Session, string Panel)> WriteThroughTheGatewayAsync()
    {
        const string user = "ada";
        (await _written.RunGatewayAsync("user", "create", user, "--name", "Ada")).Ok();
        var session = (await _written.RunGatewayAsync("session", "create", user, "--title", "Trip")).Ok().Trim();
        (await _written.RunGatewayAsync("message", "add", user, session, "one")).Ok();
        (await _written.RunGatewayAsync("message", "add", user, session, "two", "--role", "assistant")).Ok();
        var document = Path.Join(_written.Root, "notes.txt");
        await File.WriteAllTextAsync(document, "remember the milk");
        (await _written.RunGatewayAsync("document", "put", user, session, document)).Ok();
        (await _written.RunGatewayAsync("context", "set", user, session, "--summary", "Planning", "--snapshot")).Ok();
        (await _written.RunGatewayAsync("persona", "put", "critic", "{\"name\":\"Critic\"}")).Ok();
        var panel = (await _written.RunGatewayAsync("panel", "create", "--persona", "critic")).Ok().Trim();
        (await _written.RunGatewayAsync("panel", "add", panel, "critic", "No.")).Ok();
        return (user, session, panel);
    }
}

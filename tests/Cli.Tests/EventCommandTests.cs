using System.Text.Json;

namespace ChatDb.Cli.Tests;

/// <summary><c>chatdb session events</c> and <c>chatdb panel events</c>, once through each door.</summary>
public abstract class EventCommandTests
{
    /// <summary>Runs <c>chatdb args...</c> through the door under test.</summary>
    protected abstract Task<CliRun> RunAsync(params string[] args);

    [Fact]
    public async Task SessionEvents_ListsTheLogWithSeqAndKind_AndPagesWithAfterAndLimit()
    {
        var user = "cli-" + Guid.NewGuid().ToString("N")[..12];
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        (await RunAsync("message", "add", user, session, "one")).Ok();
        (await RunAsync("message", "add", user, session, "two")).Ok();

        var lines = (await RunAsync("session", "events", user, session)).Lines;
        var page = JsonDocument.Parse((await RunAsync("session", "events", user, session, "--after", "1", "--limit", "1", "--json")).Ok()).RootElement;

        Assert.Equal(["1\tsession_created", "2\tmessage_added", "3\tmessage_added"], lines[..3].Select(l => string.Join('\t', l.Split('\t')[..2])));
        Assert.Equal("next: 3 (last event seq 3)", lines[3]);
        var only = Assert.Single(page.GetProperty("events").EnumerateArray());
        Assert.Equal("one", only.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(2, page.GetProperty("next").GetInt64());
    }

    [Fact]
    public async Task SessionEvents_AfterTheEnd_FailsNamingTheLastSeq()
    {
        var user = "cli-" + Guid.NewGuid().ToString("N")[..12];
        var session = (await RunAsync("session", "create", user)).Ok().Trim();

        var run = await RunAsync("session", "events", user, session, "--after", "5");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("last event seq is 1", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionEvents_Follow_PrintsTheLogAfterASeq_ThenLiveEvents_UntilCount()
    {
        var user = "cli-" + Guid.NewGuid().ToString("N")[..12];
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        (await RunAsync("message", "add", user, session, "stored")).Ok();

        // Event 2 from the log, then the two messages added while the command follows.
        var following = RunAsync("session", "events", user, session, "--after", "1", "--follow", "--count", "3", "--json");
        (await RunAsync("message", "add", user, session, "live one")).Ok();
        (await RunAsync("message", "add", user, session, "live two")).Ok();
        var run = await following.WaitAsync(TimeSpan.FromSeconds(60));

        var events = run.Ok().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal([2L, 3, 4], events.Select(e => e.GetProperty("eventSeq").GetInt64()));
        Assert.Equal(["stored", "live one", "live two"], events.Select(e => e.GetProperty("message").GetProperty("content").GetString()));
    }

    [Fact]
    public async Task PanelEvents_ListsTheLog()
    {
        var panel = (await RunAsync("panel", "create", "--type", "team", "--persona", "analyst")).Ok().Trim();
        (await RunAsync("panel", "add", panel, "analyst", "hello")).Ok();

        var lines = (await RunAsync("panel", "events", panel)).Lines;

        Assert.Equal(["1\tpanel_created", "2\tpanel_message_added"], lines[..2].Select(l => string.Join('\t', l.Split('\t')[..2])));
    }
}

[Collection(RestCollection.Name)]
public sealed class RestEventCommandTests(ChatDbSilo silo) : EventCommandTests
{
    protected override Task<CliRun> RunAsync(params string[] args) => silo.RunRestAsync(args);
}

[Collection(GatewayCollection.Name)]
public sealed class GatewayEventCommandTests(ChatDbSilo silo) : EventCommandTests
{
    protected override Task<CliRun> RunAsync(params string[] args) => silo.RunGatewayAsync(args);
}

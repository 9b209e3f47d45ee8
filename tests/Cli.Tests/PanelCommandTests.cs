using System.Text.Json;

namespace ChatDb.Cli.Tests;

/// <summary><c>chatdb panel list|get|update|delete|analytics|messages|insight|run</c> and <c>persona share|publish|list -q</c>, through each door.</summary>
public abstract class PanelCommandTests
{
    /// <summary>Runs <c>chatdb args...</c> through the door under test.</summary>
    protected abstract Task<CliRun> RunAsync(params string[] args);

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Panel_ListGetUpdateAnalyticsMessagesAndInsights()
    {
        var type = Unique("cli_type_");
        var panel = (await RunAsync("panel", "create", "--type", type, "--persona", "critic", "--config", "{\"rounds\":3}")).Ok().Trim();
        (await RunAsync("panel", "add", panel, "critic", "No.")).Ok();
        (await RunAsync("panel", "add", panel, "user", "Why?")).Ok();

        var listed = (await RunAsync("panel", "list", "--type", type)).Lines;
        var updated = JsonDocument.Parse((await RunAsync("panel", "update", panel, "--add-persona", "optimist", "--config", "{\"rounds\":null}", "--json")).Ok()).RootElement;
        var got = (await RunAsync("panel", "get", panel)).Ok();
        var analytics = JsonDocument.Parse((await RunAsync("panel", "analytics", panel, "--json")).Ok()).RootElement;
        var messages = (await RunAsync("panel", "messages", panel, "--limit", "1", "--offset", "1")).Lines;
        var insight = (await RunAsync("panel", "insight", "add", panel, "{\"conclusion\":\"split\"}")).Ok().Trim();
        var insights = (await RunAsync("panel", "insight", "list", panel)).Lines;

        Assert.StartsWith(panel + "  " + type + "  critic", Assert.Single(listed), StringComparison.Ordinal);
        Assert.Equal(["critic", "optimist"], updated.GetProperty("personas").EnumerateArray().Select(p => p.GetString()));
        Assert.False(updated.GetProperty("config").TryGetProperty("rounds", out _));
        Assert.Contains("personas: critic, optimist", got, StringComparison.Ordinal);
        Assert.Equal((2, 2), (analytics.GetProperty("messages").GetInt32(), analytics.GetProperty("turns").GetInt32()));
        Assert.Equal(1, analytics.GetProperty("messagesByRole").GetProperty("critic").GetInt32());
        Assert.EndsWith("user: Why?", Assert.Single(messages), StringComparison.Ordinal);
        Assert.StartsWith("insight_", insight, StringComparison.Ordinal);
        Assert.StartsWith(insight, Assert.Single(insights), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PanelDelete_MovesToTheTrash_AndAnUnknownPanel_IsNotFound()
    {
        var panel = (await RunAsync("panel", "create", "--persona", "critic")).Ok().Trim();

        var deleted = (await RunAsync("panel", "delete", panel)).Ok().Trim();
        var gone = await RunAsync("panel", "get", panel);
        var analytics = await RunAsync("panel", "analytics", panel);
        var update = await RunAsync("panel", "update", panel, "--config", "{}");
        var empty = await RunAsync("panel", "update", panel);

        Assert.Equal($"moved panel {panel} to the trash: 0 message(s), 0 insight(s)", deleted);
        Assert.StartsWith("chatdb panel get: not found:", gone.Error, StringComparison.Ordinal);
        Assert.StartsWith("chatdb panel analytics: not found:", analytics.Error, StringComparison.Ordinal);
        Assert.StartsWith("chatdb panel update: not found:", update.Error, StringComparison.Ordinal);
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("--config, --add-persona, --remove-persona, --add-agent or --remove-agent", empty.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PanelRun_RouterModel_ReachesTheRun_AndAnUnknownOneIsRefusedNamingTheField()
    {
        var user = Unique("cli-r-");
        foreach (var agent in (string[])["planner", "critic"])
        {
            (await RunAsync("agent", "create", agent, "--user", user, "--instructions", $"You are the {agent}.")).Ok();
        }

        var panel = (await RunAsync("panel", "create", "--agent", $"{user}/planner", "--agent", $"{user}/critic")).Ok().Trim();

        var run = JsonDocument.Parse((await RunAsync("panel", "run", panel, "Lisbon or Porto?", "--strategy", "router", "--router-model", "offline", "--max-turns", "1", "--json")).Ok()).RootElement;
        var unknown = await RunAsync("panel", "run", panel, "x", "--strategy", "router", "--router-model", "gpt-nowhere");

        Assert.Equal("offline", run.GetProperty("routerModel").GetString());
        Assert.StartsWith("router: model offline ", run.GetProperty("turns")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("routerModel: model 'gpt-nowhere' is not configured", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PanelUpdate_AddsAndRemovesAgents_AndAMalformedOrUnknownAgentIsRefusedNamingIt()
    {
        var user = Unique("cli-u-");
        foreach (var agent in (string[])["planner", "critic", "judge"])
        {
            (await RunAsync("agent", "create", agent, "--user", user, "--instructions", $"You are the {agent}.")).Ok();
        }

        var panel = (await RunAsync("panel", "create", "--agent", $"{user}/planner", "--agent", $"{user}/critic")).Ok().Trim();

        var updated = JsonDocument.Parse((await RunAsync("panel", "update", panel, "--add-agent", $"{user}/judge", "--remove-agent", $"{user}/planner", "--json")).Ok()).RootElement;
        var malformed = await RunAsync("panel", "update", panel, "--add-agent", "judge");
        var unknown = await RunAsync("panel", "update", panel, "--add-agent", $"{user}/ghost");

        Assert.Equal(["critic", "judge"], updated.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("agentId").GetString()));
        Assert.Equal(1, malformed.ExitCode);
        Assert.Contains("--add-agent judge is rejected by rule 'agent-role'", malformed.Error, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains($"agent ghost of user {user} does not exist", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persona_ShareAndPublish_CopyWithProvenance_AndListMarksTheScope()
    {
        var alice = Unique("cli-a-");
        var bob = Unique("cli-b-");
        var id = Unique("coach-");
        (await RunAsync("persona", "put", id, "{\"name\":\"Coach\"}", "--user", alice)).Ok();

        var shared = (await RunAsync("persona", "share", alice, id, bob)).Ok().Trim();
        var published = (await RunAsync("persona", "publish", alice, id, "--as", id + "-pub")).Ok().Trim();
        var again = await RunAsync("persona", "share", alice, id, bob);
        var bobs = JsonDocument.Parse((await RunAsync("persona", "get", id, "--user", bob, "--json")).Ok()).RootElement;
        var listed = (await RunAsync("persona", "list", "--user", bob, "-q", id)).Lines;

        Assert.Equal($"shared as persona {id} of user {bob}", shared);
        Assert.Equal($"published as global persona {id}-pub", published);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("copy-target-exists", again.Error, StringComparison.Ordinal);
        Assert.Equal(alice, bobs.GetProperty("copiedFrom").GetProperty("userId").GetString());
        Assert.Equal(2, listed.Length);
        Assert.StartsWith($"{id}  user  v1", listed[0], StringComparison.Ordinal);
        Assert.StartsWith($"{id}-pub  global  v1", listed[1], StringComparison.Ordinal);
    }
}

[Collection(RestCollection.Name)]
public sealed class RestPanelCommandTests(ChatDbSilo silo) : PanelCommandTests
{
    protected override Task<CliRun> RunAsync(params string[] args) => silo.RunRestAsync(args);
}

[Collection(GatewayCollection.Name)]
public sealed class GatewayPanelCommandTests(ChatDbSilo silo) : PanelCommandTests
{
    protected override Task<CliRun> RunAsync(params string[] args) => silo.RunGatewayAsync(args);
}

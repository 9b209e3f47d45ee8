using System.Text.Json;

namespace ChatDb.Cli.Tests;

public abstract partial class DataCommandTests
{
    [Fact]
    public async Task Agent_CreateGetList_RunRunsTrace()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();

        Assert.Contains("version 1", (await RunAsync("agent", "create", "helper", "--user", user, "--instructions", "Be brief.", "--tool", "current_time")).Ok(), StringComparison.Ordinal);
        var agent = JsonDocument.Parse((await RunAsync("agent", "get", "helper", "--user", user, "--json")).Ok()).RootElement;
        Assert.Equal(("offline", "current_time"), (agent.GetProperty("model").GetString(), agent.GetProperty("tools")[0].GetString()));
        Assert.StartsWith("helper  v1  offline", Assert.Single((await RunAsync("agent", "list", "--user", user)).Lines), StringComparison.Ordinal);

        var answer = (await RunAsync("agent", "run", "helper", "Is it warm in Rome?", "--user", user, "--session", session)).Ok();
        Assert.StartsWith("You said: Is it warm in Rome?", answer, StringComparison.Ordinal);
        var runs = JsonDocument.Parse((await RunAsync("agent", "runs", "helper", "--user", user, "--json")).Ok()).RootElement;
        var runId = runs[0].GetProperty("id").GetString()!;
        Assert.Equal("succeeded", runs[0].GetProperty("status").GetString());
        var trace = (await RunAsync("agent", "trace", "helper", runId, "--user", user)).Lines;
        Assert.Contains("run_started", trace[0], StringComparison.Ordinal);
        Assert.Contains("run_finished", trace[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentRun_Streams_OrWaits_OrReturnsQueued()
    {
        var user = NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        (await RunAsync("agent", "create", "guide", "--user", user, "--instructions", "Guide.")).Ok();

        var streamed = (await RunAsync("agent", "run", "guide", "Where is the harbour?", "--user", user, "--session", session)).Lines;
        var waited = (await RunAsync("agent", "run", "guide", "And the castle?", "--user", user, "--session", session, "--no-stream")).Lines;
        var queued = (await RunAsync("agent", "run", "guide", "Later.", "--user", user, "--session", session, "--no-wait")).Ok().Trim().Split(' ');
        var runs = (await RunAsync("agent", "runs", "guide", "--user", user)).Lines;

        Assert.Equal("You said: Where is the harbour?", streamed[0]);
        Assert.Matches("^\\(run_[0-9a-f]{32} succeeded, [0-9]+ tokens in, [0-9]+ out\\)$", streamed[1]);
        Assert.StartsWith("You said: And the castle?", waited[0], StringComparison.Ordinal);
        Assert.Contains("succeeded", waited[1], StringComparison.Ordinal);
        Assert.Equal("queued", queued[1]);
        Assert.Equal(3, runs.Length);
        Assert.StartsWith(queued[0], runs[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_Create_WithAnUnknownTool_FailsNamingIt()
    {
        var run = await RunAsync("agent", "create", "bad", "--user", NewUser(), "--instructions", "x", "--tool", "format_disk");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("format_disk", run.Error, StringComparison.Ordinal);
    }
}

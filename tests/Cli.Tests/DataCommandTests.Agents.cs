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
    public async Task Agent_Create_WithAnUnknownTool_FailsNamingIt()
    {
        var run = await RunAsync("agent", "create", "bad", "--user", NewUser(), "--instructions", "x", "--tool", "format_disk");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("format_disk", run.Error, StringComparison.Ordinal);
    }
}

using System.Text.Json;

namespace ChatDb.Cli.Tests;

public abstract partial class DataCommandTests
{
    [Fact]
    public async Task AgentRun_Global_RunsAGlobalAgentAsTheUser_AndRunsAndTraceFindItWithGlobal()
    {
        var user = NewUser();
        var agent = "g" + NewUser();
        var session = (await RunAsync("session", "create", user)).Ok().Trim();
        (await RunAsync("agent", "create", agent, "--instructions", "Help anyone.")).Ok();

        var answer = (await RunAsync("agent", "run", agent, "Hello from a user", "--global", "--user", user, "--session", session, "--no-stream")).Lines;
        var runs = JsonDocument.Parse((await RunAsync("agent", "runs", agent, "--global", "--user", user, "--json")).Ok()).RootElement;
        var runId = runs[0].GetProperty("id").GetString()!;
        var trace = (await RunAsync("agent", "trace", agent, runId, "--global", "--user", user)).Lines;
        var ownAgentRuns = JsonDocument.Parse((await RunAsync("agent", "runs", agent, "--user", user, "--json")).Ok()).RootElement;
        var approve = await RunAsync("agent", "approve", agent, runId, "call_1", "--global", "--user", user);

        Assert.StartsWith("You said: Hello from a user", answer[0], StringComparison.Ordinal);
        Assert.Equal((1, "succeeded", true), (runs.GetArrayLength(), runs[0].GetProperty("status").GetString(), runs[0].GetProperty("globalAgent").GetBoolean()));
        Assert.Contains("run_started", trace[0], StringComparison.Ordinal);
        Assert.Contains("run_finished", trace[^1], StringComparison.Ordinal);
        Assert.Equal(0, ownAgentRuns.GetArrayLength());
        Assert.NotEqual(0, approve.ExitCode);
        Assert.Contains("awaiting", approve.Error, StringComparison.OrdinalIgnoreCase);
    }
}

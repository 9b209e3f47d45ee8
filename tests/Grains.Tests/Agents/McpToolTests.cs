using System.Text.Json;
using ChatDb.Grains.Agents.Tools.Mcp;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;

namespace ChatDb.Grains.Tests.Agents;

/// <summary>
/// MCP servers as agent tools, with the offline model's <c>/tool</c> script: over stdio (the test server started as a
/// process), over HTTP (an in-process server with a bearer key), and a server that is down. Nothing leaves the machine.
/// </summary>
public sealed class McpToolTests
{
    private const string Echo = "mcp__test__echo";

    /// <summary>The silo with exactly <paramref name="servers"/> as its Mcp:Servers.</summary>
    private static Action<ISiloBuilder> WithServers(params (string Name, McpServerEntry Entry)[] servers) => silo =>
    {
        silo.Services.RemoveAll<McpServerSettings>();
        silo.Services.AddSingleton(new McpServerSettings(servers.ToDictionary(s => s.Name, s => s.Entry)));
    };

    /// <summary>The test server's program, built beside this test project by the solution (tests/McpTestServer).</summary>
    internal static McpServerEntry StdioServer()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var tests = output.Parent!.Parent!.Parent!.Parent!.FullName;
        var program = Path.Combine(tests, "McpTestServer", "bin", configuration, output.Name, "ChatDb.McpTestServer.dll");
        Assert.True(File.Exists(program), $"the test MCP server is not built at {program}");
        return new McpServerEntry
        {
            Transport = McpTransports.Stdio,
            Command = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            Arguments = [program],
            // Starting a .NET process takes well over the 10 s default on a machine loaded with parallel test runs.
            ConnectTimeoutSeconds = 120,
        };
    }

    private static async Task<(AgentRun Run, JsonElement Result, AgentTraceEvent Traced)> RunEchoAsync(ChatCluster chat, string user)
    {
        await AgentToolTests.SaveAgentAsync(chat, user, "mcp-user", [Echo]);
        var session = await chat.User(user).CreateSessionAsync(null, null);
        var run = await AgentToolTests.Run(chat, user, "mcp-user", ChatGrainKeys.NewRunId())
            .RunAsync(new AgentRunRequest { SessionId = session.Id, Input = $$"""/tool {{Echo}} {"text":"hi"}""" });
        var result = await AgentToolTests.ResultOfAsync(chat, session, Assert.Single(run.ToolCalls).CallId);
        var traced = Assert.Single(await AgentToolTests.Run(chat, user, "mcp-user", run.Id).GetTraceAsync(), e => e.Kind == AgentTraceKinds.ToolCalled);
        return (run, result, traced);
    }

    [Fact]
    public async Task AnAgentCallsAToolOfAStdioServer()
    {
        await using var chat = await ChatCluster.StartAsync(configureSilo: WithServers(("test", StdioServer())));

        var (run, result, traced) = await RunEchoAsync(chat, "alice");

        Assert.Equal(AgentRunStatuses.Succeeded, run.Status);
        Assert.Equal("echo: hi", result.GetString());
        Assert.Equal((Echo, AgentToolOutcomes.Ok), (traced.Tool, traced.Outcome));
        Assert.Contains("echo: hi", run.Message!.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAgentCallsAToolOfAnHttpServer_WithTheBearerKey()
    {
        await using var server = await McpHttpTestServer.StartAsync();
        var entry = new McpServerEntry { Transport = McpTransports.Http, Endpoint = server.Endpoint.ToString(), ApiKey = McpHttpTestServer.ApiKey };
        await using var chat = await ChatCluster.StartAsync(configureSilo: WithServers(("test", entry)));

        var (run, result, traced) = await RunEchoAsync(chat, "bob");

        Assert.Equal(AgentRunStatuses.Succeeded, run.Status);
        Assert.Equal("echo: hi", result.GetString());
        Assert.Equal((Echo, AgentToolOutcomes.Ok), (traced.Tool, traced.Outcome));
    }

    [Fact]
    public async Task AServerThatIsDown_GivesTheModelAnErrorResult_AndTheRunSucceeds()
    {
        var down = new McpServerEntry { Transport = McpTransports.Stdio, Command = Path.Combine(Path.GetTempPath(), "no-such-mcp-server-" + Guid.NewGuid().ToString("N")) };
        await using var chat = await ChatCluster.StartAsync(configureSilo: WithServers(("test", down)));

        var (run, result, traced) = await RunEchoAsync(chat, "carol");

        Assert.Equal(AgentRunStatuses.Succeeded, run.Status);
        Assert.Equal((AgentToolOutcomes.Error, Echo), (traced.Outcome, traced.Tool));
        Assert.Contains("MCP server 'test' cannot be reached", result.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("MCP server 'test' cannot be reached", traced.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AToolThatFails_GivesAnErrorResult_AndTheConnectionServesTheNextCall()
    {
        await using var chat = await ChatCluster.StartAsync(configureSilo: WithServers(("test", StdioServer())));
        await AgentToolTests.SaveAgentAsync(chat, "dan", "mixed", ["mcp__test__fail", "mcp__test__add"]);
        var session = await chat.User("dan").CreateSessionAsync(null, null);
        var agent = AgentToolTests.Run(chat, "dan", "mixed", ChatGrainKeys.NewRunId());

        var failed = await agent.RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "/tool mcp__test__fail {}" });
        var added = await AgentToolTests.Run(chat, "dan", "mixed", ChatGrainKeys.NewRunId())
            .RunAsync(new AgentRunRequest { SessionId = session.Id, Input = """/tool mcp__test__add {"a":2,"b":40}""" });

        Assert.Equal((AgentRunStatuses.Succeeded, AgentToolOutcomes.Error), (failed.Status, Assert.Single(failed.ToolCalls).Outcome));
        Assert.Equal((AgentRunStatuses.Succeeded, AgentToolOutcomes.Ok), (added.Status, Assert.Single(added.ToolCalls).Outcome));
        Assert.Equal("42", (await AgentToolTests.ResultOfAsync(chat, session, added.ToolCalls[0].CallId)).ToString());
    }

    [Fact]
    public async Task AServerThatEndsDuringACall_GivesAnErrorResult_AndIsStartedAgainOnTheNextUse()
    {
        await using var chat = await ChatCluster.StartAsync(configureSilo: WithServers(("test", StdioServer())));
        await AgentToolTests.SaveAgentAsync(chat, "gina", "crashy", ["mcp__test__exit", Echo]);
        var session = await chat.User("gina").CreateSessionAsync(null, null);

        var crashed = await AgentToolTests.Run(chat, "gina", "crashy", ChatGrainKeys.NewRunId())
            .RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "/tool mcp__test__exit {}" });
        var again = await AgentToolTests.Run(chat, "gina", "crashy", ChatGrainKeys.NewRunId())
            .RunAsync(new AgentRunRequest { SessionId = session.Id, Input = $$"""/tool {{Echo}} {"text":"back"}""" });

        Assert.Equal((AgentRunStatuses.Succeeded, AgentToolOutcomes.Error), (crashed.Status, Assert.Single(crashed.ToolCalls).Outcome));
        Assert.Contains("MCP server 'test' failed during the call of 'exit'",
            (await AgentToolTests.ResultOfAsync(chat, session, crashed.ToolCalls[0].CallId)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal((AgentRunStatuses.Succeeded, AgentToolOutcomes.Ok), (again.Status, Assert.Single(again.ToolCalls).Outcome));
        Assert.Equal("echo: back", (await AgentToolTests.ResultOfAsync(chat, session, again.ToolCalls[0].CallId)).GetString());
    }

    [Fact]
    public async Task AStdioServer_GetsItsConfiguredEnvironment_AndNotTheSilosOwn()
    {
        var silos = "CHATDB_MCP_TEST_SILO_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(silos, "silo-only");
        try
        {
            var entry = StdioServer();
            entry.Environment["MCP_TEST_GIVEN"] = "given";
            await using var chat = await ChatCluster.StartAsync(configureSilo: WithServers(("test", entry)));
            await AgentToolTests.SaveAgentAsync(chat, "hana", "env", ["mcp__test__env"]);
            var session = await chat.User("hana").CreateSessionAsync(null, null);

            async Task<string?> ReadAsync(string name)
            {
                var run = await AgentToolTests.Run(chat, "hana", "env", ChatGrainKeys.NewRunId())
                    .RunAsync(new AgentRunRequest { SessionId = session.Id, Input = $$"""/tool mcp__test__env {"name":"{{name}}"}""" });
                return (await AgentToolTests.ResultOfAsync(chat, session, Assert.Single(run.ToolCalls).CallId)).GetString();
            }

            Assert.Equal("given", await ReadAsync("MCP_TEST_GIVEN"));
            Assert.Equal("(unset)", await ReadAsync(silos));
            Assert.NotEqual("(unset)", await ReadAsync("PATH"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(silos, null);
        }
    }

    [Fact]
    public async Task AnAgentDefinition_NamingAnUnconfiguredServerOrAMissingTool_IsRejected()
    {
        await using var chat = await ChatCluster.StartAsync(configureSilo: WithServers(("test", StdioServer())));

        var unconfigured = await Assert.ThrowsAsync<ValidationError>(() => AgentToolTests.SaveAgentAsync(chat, "erin", "a", ["mcp__other__echo"]));
        var missing = await Assert.ThrowsAsync<ValidationError>(() => AgentToolTests.SaveAgentAsync(chat, "erin", "b", ["mcp__test__nope"]));

        Assert.Contains("mcp__other__echo", unconfigured.Message, StringComparison.Ordinal);
        Assert.Contains("mcp__test__*", unconfigured.Message, StringComparison.Ordinal);
        Assert.Contains("mcp__test__nope", missing.Message, StringComparison.Ordinal);
        Assert.Contains("mcp__test__echo", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAgentNamingAToolOfAServerThatIsDown_IsAccepted()
    {
        var down = new McpServerEntry { Transport = McpTransports.Http, Endpoint = "http://127.0.0.1:9/mcp" };
        await using var chat = await ChatCluster.StartAsync(configureSilo: WithServers(("later", down)));

        var agent = await AgentToolTests.SaveAgentAsync(chat, "frank", "hopeful", ["mcp__later__anything"]);

        Assert.Equal(["mcp__later__anything"], agent.Tools);
    }
}

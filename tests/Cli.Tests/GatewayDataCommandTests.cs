namespace ChatDb.Cli.Tests;

/// <summary>The data commands through the gateway with the cluster client (<c>--gateway host:port</c>).</summary>
[Collection(CliCollection.Name)]
public sealed class GatewayDataCommandTests(CliCluster cluster) : DataCommandTests
{
    protected override Task<CliRun> RunAsync(params string[] args) => cluster.RunAsync(args);

    [Fact]
    public async Task UnreachableGateway_ExitsNonZeroWithOneLine()
    {
        var gateway = CliCluster.UnusedGateway();
        var run = await CliCluster.RunAgainstAsync(gateway, "user", "get", "alice");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal($"chatdb user get: cannot reach a silo at {gateway} (is it running? use --gateway host:port).", run.Error.Trim());
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Gateway_WithSilo_IsABadCommandLine()
    {
        var run = await CliCluster.InvokeAsync(["user", "get", "alice", "--silo", "http://127.0.0.1:1"], ["--gateway", cluster.Gateway]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--gateway uses the cluster client", run.Error, StringComparison.Ordinal);
    }
}

namespace ChatDb.Cli.Tests;

/// <summary>
/// The data commands through the silo's Orleans gateway (<c>--gateway host:port --cluster-id ID</c>), and what
/// the command line says when that connection cannot be made.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayDataCommandTests(ChatDbSilo silo) : DataCommandTests
{
    protected override Task<CliRun> RunAsync(params string[] args) => silo.RunGatewayAsync(args);

    [Fact]
    public async Task NothingListening_ExitsWith3_AndOneLineNamingTheGatewayAndClusterId()
    {
        var gateway = $"127.0.0.1:{ChatDbCli.UnusedPort()}";

        var run = await ChatDbCli.InvokeAsync(["user", "get", "alice"], ["--gateway", gateway, "--cluster-id", "somewhere"]);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(
            $"chatdb user get: cannot reach a silo of cluster 'somewhere' at {gateway} after 3 attempts "
            + "(is it running? is its cluster id 'somewhere'? use --gateway host:port or --membership, and --cluster-id).",
            run.Error.Trim());
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task AWrongClusterId_ExitsWith3_AndOneLineHintingAtTheClusterId()
    {
        var run = await ChatDbCli.InvokeAsync(["user", "get", "alice"], ["--gateway", silo.Gateway, "--cluster-id", "not-" + silo.ClusterId]);

        Assert.Equal(3, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains($"cluster 'not-{silo.ClusterId}' at {silo.Gateway}", line, StringComparison.Ordinal);
        Assert.Contains("--cluster-id", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task NoClusterId_MeansTheDefault_WhichThisSiloIsNot()
    {
        var run = await ChatDbCli.InvokeAsync(["user", "get", "alice"], ["--gateway", silo.Gateway]);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("cluster 'chatdb'", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--silo", "http://127.0.0.1:1")]
    [InlineData("--api-key", "chatdb_some-key")]
    [InlineData("--api-key-file", "some.key")]
    public async Task Gateway_WithARestOption_IsABadCommandLine(string option, string value)
    {
        var run = await silo.RunGatewayAsync("user", "get", "alice", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("chatdb user get: --gateway uses the cluster client", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task GatewayThatIsNotHostAndPort_IsABadCommandLine()
    {
        var run = await ChatDbCli.InvokeAsync(["user", "get", "alice"], ["--gateway", "127.0.0.1"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not host:port", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--gateway", "127.0.0.1:1", "--membership", "redis" }, "give either --gateway (one gateway) or --membership")]
    [InlineData(new[] { "--membership", "localhost" }, "--membership must be redis or azure, the silos' Cluster:Membership (was 'localhost')")]
    [InlineData(new[] { "--membership", "etcd" }, "--membership must be redis or azure, the silos' Cluster:Membership (was 'etcd')")]
    [InlineData(new[] { "--membership", "redis", "--silo", "http://127.0.0.1:1" }, "--membership uses the cluster client: leave out --silo")]
    [InlineData(new[] { "--connection-string", "127.0.0.1:6379" }, "--connection-string and --connection-string-file are for --membership")]
    public async Task Membership_Misused_IsABadCommandLine_NamingWhatToChange(string[] door, string expected)
    {
        var run = await ChatDbCli.InvokeAsync(["user", "get", "alice"], door);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Membership_WithoutAConnectionString_NamesTheVariableAndTheOptions()
    {
        Assert.Null(Environment.GetEnvironmentVariable("CHATDB_CLUSTER__CONNECTIONSTRING"));

        var run = await ChatDbCli.InvokeAsync(["user", "get", "alice"], ["--membership", "azure"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("chatdb user get: --membership azure needs the silos' connection string (an Azure Storage connection string): "
            + "set CHATDB_CLUSTER__CONNECTIONSTRING, or give --connection-string-file or --connection-string.", run.Error.Trim());
    }

    [Fact]
    public async Task Membership_WithNoRedisListening_ExitsWith3_WithoutRepeatingTheConnectionString()
    {
        var redis = $"127.0.0.1:{ChatDbCli.UnusedPort()}";

        var run = await ChatDbCli.InvokeAsync(["user", "get", "alice"], ["--membership", "redis", "--connection-string", redis, "--cluster-id", "somewhere"]);

        Assert.Equal(3, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("chatdb user get: cannot reach a silo of cluster 'somewhere' through the redis membership table", line, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task AGrainRefusingAnId_IsExit1_WithTheKindInvalid()
    {
        var run = await RunAsync("session", "list", "..");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("chatdb session list: invalid: ", run.Error, StringComparison.Ordinal);
        Assert.True(run.Error.Contains("rule 'no-dot-segment'", StringComparison.Ordinal), run.Error);
    }
}

namespace ChatDb.Cli.Tests;

/// <summary>The data commands over the silo's REST API (<c>--silo URL</c>, the default door).</summary>
[Collection(RestCollection.Name)]
public sealed class RestDataCommandTests(ChatDbSilo silo) : DataCommandTests
{
    protected override Task<CliRun> RunAsync(params string[] args) => silo.RunRestAsync(args);

    [Fact]
    public async Task UnreachableSilo_ExitsWith3_AndOneLineNamingSilo()
    {
        var url = $"http://127.0.0.1:{ChatDbCli.UnusedPort()}";
        var run = await ChatDbCli.InvokeAsync(["user", "get", "alice"], ["--silo", url]);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal($"chatdb user get: cannot reach a silo at {url} (is it running? use --silo URL).", run.Error.Trim());
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task SiloThatIsNotAnHttpUrl_IsABadCommandLine()
    {
        var run = await ChatDbCli.InvokeAsync(["user", "get", "alice"], ["--silo", "127.0.0.1:5080"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not an http:// or https:// URL", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIdThatIsADotSegment_IsRefusedBeforeTheUrlDropsIt()
    {
        var run = await RunAsync("session", "list", "..");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("chatdb session list: invalid: user id \"..\" is rejected by rule 'no-dot-segment'", run.Error, StringComparison.Ordinal);
    }
}

namespace ChatDb.Cli.Tests;

/// <summary>
/// <c>chatdb --gateway</c> against a silo that requires mutual TLS, with certificates made by
/// <c>chatdb auth new-ca</c> and <c>chatdb auth new-cert</c>: served with a client certificate of the cluster's
/// authority, not reached without one.
/// </summary>
public sealed class GatewayTlsTests : IAsyncLifetime
{
    private readonly string _certificates = Path.Join(Path.GetTempPath(), "chatdb-cli-tls-" + Guid.NewGuid().ToString("N"));
    private TlsSilo? _silo;

    private string Authority => Path.Join(_certificates, "ca", "ca.crt");

    public async Task InitializeAsync()
    {
        var ca = Path.Join(_certificates, "ca");
        (await ChatDbCli.InvokeAsync("auth", "new-ca", "--out", ca)).Ok();
        (await ChatDbCli.InvokeAsync("auth", "new-cert", "--ca", ca, "--name", "silo", "--out", Path.Join(_certificates, "silo"), "--ip", "127.0.0.1", "--dns", "localhost")).Ok();
        (await ChatDbCli.InvokeAsync("auth", "new-cert", "--ca", ca, "--name", "cli", "--out", Path.Join(_certificates, "cli"))).Ok();
        _silo = new TlsSilo(["--tls-cert", Node("silo", "crt"), "--tls-key", Node("silo", "key"), "--tls-ca", Authority]);
        await _silo.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (Directory.Exists(_certificates))
        {
            Directory.Delete(_certificates, recursive: true);
        }
    }

    [Fact]
    public async Task WithAClientCertificateOfTheCluster_TheCommandIsServed()
    {
        var run = await _silo!.RunGatewayAsync("user", "create", "tls-alice", "--name", "Alice", "--tls-cert", Node("cli", "crt"), "--tls-key", Node("cli", "key"), "--tls-ca", Authority);

        Assert.Contains("Alice", run.Ok(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAClientCertificate_TheGatewayIsNotReached_Exit3()
    {
        var run = await _silo!.RunGatewayAsync("user", "get", "tls-alice");

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("chatdb user get: cannot reach a silo of cluster", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task PartOfTheTlsOptions_IsABadCommandLine()
    {
        var run = await _silo!.RunGatewayAsync("user", "get", "tls-alice", "--tls-cert", Node("cli", "crt"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("mutual TLS needs --tls-cert, --tls-key and --tls-ca together", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TlsOptionsWithRest_AreABadCommandLine()
    {
        var run = await _silo!.RunRestAsync("user", "get", "tls-alice", "--tls-cert", Node("cli", "crt"), "--tls-key", Node("cli", "key"), "--tls-ca", Authority);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("are for --gateway", run.Error, StringComparison.Ordinal);
    }

    private string Node(string name, string extension) => Path.Join(_certificates, name, $"{name}.{extension}");

    /// <summary>A silo whose gateway and silo connections require mutual TLS.</summary>
    private sealed class TlsSilo(IReadOnlyList<string> settings) : ChatDbSilo(apiKey: null, settings);
}

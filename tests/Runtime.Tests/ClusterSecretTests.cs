using ChatDb.Runtime.Client;
using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.Security;
using ChatDb.Runtime.TestingHost;
using ChatDb.Runtime.Tests.Grains;
using ChatDb.Runtime.Tests.Infrastructure;

namespace ChatDb.Runtime.Tests;

/// <summary>A cluster whose gateway requires a cluster secret, and the clients that have it or not.</summary>
public sealed class ClusterSecretTests(ClusterSecretTests.SecretCluster fixture) : IClassFixture<ClusterSecretTests.SecretCluster>
{
    public const string Secret = "correct-horse-battery-staple-42";

    private string Gateway => fixture.Cluster.Primary.GatewayEndPoint.ToString();

    private static string CallCounting(long id, string key) =>
        $$"""{"kind":"call","id":{{id}},"target":{"type":"counting","key":"{{key}}"},"methodId":"{{MethodId(nameof(ICountingGrain.GetActivationNumberAsync))}}","args":{} }""";

    private static string MethodId(string name) =>
        GrainInterfaceRegistry.Methods.Single(m => m.InterfaceType == typeof(ICountingGrain) && m.MethodName == name).MethodId;

    [Fact]
    public async Task Client_WithTheSecret_ConnectsAndCalls()
    {
        await using var client = new ClientBuilder().UseGateway(Gateway).UseClusterSecret(Secret).Build();
        await client.Connect();

        Assert.Equal(9, await client.GetGrain<IWireShapesGrain>(Probe.NewKey("with-secret")).AddAsync(4, 5));
    }

    [Fact]
    public async Task Client_WithoutASecret_IsRefusedInTheHandshake_SayingOneIsRequired()
    {
        await using var client = new ClientBuilder().UseGateway(Gateway).Configure(o => o.ConnectRetryCount = 0).Build();

        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => client.Connect());

        Assert.Contains("presented no cluster secret", error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Client_WithAWrongSecret_IsRefused_AndTheMessageDoesNotRepeatEitherSecret()
    {
        const string Wrong = "not-the-secret-of-this-cluster";
        await using var client = new ClientBuilder().UseGateway(Gateway).UseClusterSecret(Wrong).Configure(o => o.ConnectRetryCount = 0).Build();

        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => client.Connect());

        Assert.Contains("is not this cluster's", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("\"\"")]
    [InlineData("\"wrong-secret-of-some-length\"")]
    [InlineData("\"correct-horse-battery-staple-4\"")]
    public async Task CallPipelinedBehindARefusedHello_IsNeverExecuted_AndTheGrainIsNeverActivated(string? secretJson)
    {
        var key = Probe.NewKey("pipelined");
        await using var raw = await RawGatewayConnection.ConnectAsync(fixture.Cluster.Primary.GatewayEndPoint, sayHello: false);
        var secret = secretJson is null ? string.Empty : $",\"clusterSecret\":{secretJson}";

        await raw.SendAsync($$"""{"kind":"hello","protocol":1,"clientId":"intruder"{{secret}}}""");
        await raw.SendAsync(CallCounting(1, key));
        var reply = await raw.ReadAsync("the answer to a hello with a missing or wrong cluster secret");

        Assert.Equal("error", reply.GetProperty("kind").GetString());
        Assert.Equal(typeof(UnauthorizedAccessException).FullName, reply.GetProperty("errorType").GetString());
        Assert.True(await raw.WaitForCloseAsync("the silo to close the refused connection"));
        Assert.Equal(0, Probe.Count(key + "/constructed"));

        // The same call from a client with the secret is that grain's first activation.
        await using var client = new ClientBuilder().UseGateway(Gateway).UseClusterSecret(Secret).Build();
        await client.Connect();
        Assert.Equal(1, await client.GetGrain<ICountingGrain>(key).GetActivationNumberAsync());
    }

    [Fact]
    public void Digest_FormatsAndParsesBack_AndRefusesOtherForms()
    {
        var digest = SecretDigest.Compute(Secret);
        var text = SecretDigest.Format(digest);

        Assert.Matches("^sha256:[0-9a-f]{64}$", text);
        Assert.True(SecretDigest.TryParse(text, out var parsed));
        Assert.Equal(digest, parsed);
        Assert.True(SecretDigest.TryParse(text.ToUpperInvariant(), out var upper));
        Assert.Equal(digest, upper);
        foreach (var bad in new[] { null, string.Empty, text[..^1], text + "0", "sha1:" + text[7..], text[7..], text[..^1] + "g" })
        {
            Assert.False(SecretDigest.TryParse(bad, out _), $"'{bad}' should not parse");
        }

        Assert.True(SecretDigest.Matches(Secret, digest));
        Assert.False(SecretDigest.Matches(Secret + " ", digest));
    }

    [Fact]
    public void NewToken_Has256RandomBits_InUrlSafeCharacters()
    {
        var tokens = Enumerable.Range(0, 100).Select(_ => SecretDigest.NewToken("chatdb_")).ToList();

        Assert.Equal(100, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tokens, token => Assert.Matches("^chatdb_[A-Za-z0-9_-]{43}$", token));
    }

    [Fact]
    public void Authenticator_RefusesADigestThatIsNotSha256Sized()
    {
        var error = Assert.Throws<ArgumentException>(() => new ChatDb.Runtime.Gateway.ClusterSecretAuthenticator(new byte[20]));

        Assert.Contains("32 bytes", error.Message, StringComparison.Ordinal);
    }

    /// <summary>One silo whose gateway requires <see cref="Secret"/>; its own test client presents it.</summary>
    public sealed class SecretCluster : IAsyncLifetime
    {
        public TestCluster Cluster { get; } = new TestClusterBuilder()
            .AddSiloBuilderConfigurator<GatewayTestSiloConfigurator>()
            .ConfigureSilo(silo => silo.UseGatewayClusterSecret(SecretDigest.Compute(Secret)))
            .ConfigureClient(client => client.UseClusterSecret(Secret))
            .Build();

        public Task InitializeAsync() => Cluster.DeployAsync();

        public Task DisposeAsync() => Cluster.DisposeAsync().AsTask();
    }
}

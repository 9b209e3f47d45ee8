using System.Net;
using System.Net.Http.Headers;
using ChatDb.Grains.Security;

namespace ChatDb.Silo.Tests;

/// <summary>
/// The executable's security rules as an operator meets them: refusals to start (an address beyond loopback without
/// API keys, a gateway beyond loopback without mutual TLS, a cluster secret, which Orleans has no use for), API keys.
/// </summary>
public sealed class SiloSecurityTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-silo-security-" + Guid.NewGuid().ToString("N"));
    private readonly List<SiloProcess> _silos = [];

    public SiloSecurityTests() => Directory.CreateDirectory(_root);

    private string DataDirectory => Path.Join(_root, "data");

    public void Dispose()
    {
        _silos.ForEach(silo => silo.Dispose());
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Silo_OnAllInterfacesWithoutApiKeys_ExitsNonZero_NamingTheAddressAndTheSetting()
    {
        var silo = Start(arguments: ["--http", "http://0.0.0.0:5999"]);

        var exitCode = await silo.WaitForExitAsync(SiloProcess.StartTimeout, "with --http on 0.0.0.0 and no API keys");

        Assert.Equal(1, exitCode);
        Assert.Contains("Silo:Http (--http) is http://0.0.0.0:5999/, which is not a loopback address", silo.Output, StringComparison.Ordinal);
        Assert.Contains("Auth:ApiKeys", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ready", silo.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.20")]
    public async Task Silo_GatewayBeyondLoopbackWithoutTls_ExitsNonZero_NamingTheAddressAndWhatToDoInstead(string address)
    {
        var silo = Start(arguments: ["--gateway-address", address]);

        var exitCode = await silo.WaitForExitAsync(SiloProcess.StartTimeout, $"with --gateway-address {address}");

        Assert.Equal(1, exitCode);
        Assert.Contains($"Cluster:GatewayAddress (--gateway-address) is {address}, which is not a loopback address", silo.Output, StringComparison.Ordinal);
        Assert.Contains("mutual TLS is not configured", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ready", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_WithAClusterSecret_ExitsNonZero_WithOneLineSayingItWasRemoved_AndNeverShowsIt()
    {
        var secret = SecretDigest.NewToken("cluster_");
        var silo = Start(new Dictionary<string, string> { ["CHATDB_AUTH__CLUSTERSECRET"] = secret });

        var exitCode = await silo.WaitForExitAsync(SiloProcess.StartTimeout, "with Auth:ClusterSecret set");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(silo.Output.Split('\n'), candidate => candidate.Contains("cannot start", StringComparison.Ordinal));
        Assert.Contains("Auth:ClusterSecret was removed", line, StringComparison.Ordinal);
        Assert.Contains("beyond loopback the gateway requires mutual TLS", line, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ready", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_WithAnApiKey_AdmitsOnlyItsHolder_KeepsTheGatewayOnLoopback_AndNeverLogsTheKey()
    {
        var key = SecretDigest.NewToken("chatdb_");
        var silo = Start(new Dictionary<string, string>
        {
            ["CHATDB_AUTH__APIKEYS__0__NAME"] = "ops",
            ["CHATDB_AUTH__APIKEYS__0__HASH"] = SecretDigest.Format(SecretDigest.Compute(key)),
            ["CHATDB_AUTH__APIKEYS__0__SCOPE"] = "admin",
        });
        var ready = await silo.WaitForLineAsync("ChatDb silo ready", SiloProcess.StartTimeout);

        using var http = new HttpClient { BaseAddress = silo.HttpAddress };
        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
        using var anonymous = await http.GetAsync(new Uri("/users/alice", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/users/alice", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var admitted = await http.SendAsync(request);

        Assert.Contains($"gateway=127.0.0.1:{silo.GatewayPort}", ready, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.NotFound, admitted.StatusCode);

        silo.Terminate();
        Assert.Equal(0, await silo.WaitForExitAsync(ExitTimeout, "after SIGTERM"));
        Assert.Contains("REST API requires API keys: 1 configured", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, silo.Output, StringComparison.Ordinal);
    }

    private SiloProcess Start(IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? arguments = null)
    {
        var silo = SiloProcess.Start(_root, DataDirectory, environment, arguments);
        _silos.Add(silo);
        return silo;
    }
}

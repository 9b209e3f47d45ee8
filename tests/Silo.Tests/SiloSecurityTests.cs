using System.Net;
using System.Net.Http.Headers;
using ChatDb.Runtime.Client;
using ChatDb.Grains.Security;

namespace ChatDb.Silo.Tests;

/// <summary>The executable's security rules as an operator meets them: refusals to start, API keys, the cluster secret.</summary>
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

    [Fact]
    public async Task Silo_GatewayOnAllInterfacesWithoutClusterSecret_ExitsNonZero_NamingTheAddressAndTheSetting()
    {
        var silo = Start(arguments: ["--gateway-address", "0.0.0.0"]);

        var exitCode = await silo.WaitForExitAsync(SiloProcess.StartTimeout, "with --gateway-address 0.0.0.0 and no cluster secret");

        Assert.Equal(1, exitCode);
        Assert.Contains("Runtime:Gateway:ListenAddress (--gateway-address) is 0.0.0.0", silo.Output, StringComparison.Ordinal);
        Assert.Contains("Auth:ClusterSecretHash", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_WithAnApiKeyAndAClusterSecret_AdmitsOnlyTheirHolders_AndLogsNeither()
    {
        var key = SecretDigest.NewToken("chatdb_");
        var secret = SecretDigest.NewToken("cluster_");
        var silo = Start(new Dictionary<string, string>
        {
            ["CHATDB_AUTH__APIKEYS__0__NAME"] = "ops",
            ["CHATDB_AUTH__APIKEYS__0__HASH"] = SecretDigest.Format(SecretDigest.Compute(key)),
            ["CHATDB_AUTH__APIKEYS__0__SCOPE"] = "admin",
            ["CHATDB_AUTH__CLUSTERSECRET"] = secret,
        });
        var ready = await silo.WaitForLineAsync("ready", SiloProcess.StartTimeout);
        var gateway = ready[(ready.IndexOf("gateway=", StringComparison.Ordinal) + "gateway=".Length)..].Split(' ')[0];

        using var http = new HttpClient { BaseAddress = silo.HttpAddress };
        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
        using var anonymous = await http.GetAsync(new Uri("/users/alice", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/users/alice", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var admitted = await http.SendAsync(request);

        await using var stranger = new ClientBuilder().UseGateway(gateway).Configure(o => o.ConnectRetryCount = 0).Build();
        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => stranger.Connect());
        await using var member = new ClientBuilder().UseGateway(gateway).UseClusterSecret(secret).Build();
        await member.Connect();

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.NotFound, admitted.StatusCode);
        Assert.Contains("presented no cluster secret", refused.Message, StringComparison.Ordinal);
        Assert.True(member.IsConnected);

        silo.Terminate();
        Assert.Equal(0, await silo.WaitForExitAsync(ExitTimeout, "after SIGTERM"));
        Assert.Contains("REST API requires API keys: 1 configured", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, silo.Output, StringComparison.Ordinal);
    }

    private SiloProcess Start(IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? arguments = null)
    {
        var silo = SiloProcess.Start(_root, DataDirectory, environment, arguments);
        _silos.Add(silo);
        return silo;
    }
}

using ChatDb.Storage;
using System.Net;
using ChatDb.Grains.Security;
using ChatDb.Silo;
using ChatDb.Silo.Auth;

namespace ChatDb.Api.Tests;

/// <summary>
/// The binding rule: the REST API beyond loopback only with API keys, the Orleans gateway beyond loopback only with
/// mutual TLS (it has no secret handshake); the silo refuses otherwise.
/// </summary>
public sealed class ExposureRuleTests : IDisposable
{
    private static readonly string ValidHash = SecretDigest.Format(SecretDigest.Compute("some-key"));

    private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-exposure-tests-" + Guid.NewGuid().ToString("N"));

    public ExposureRuleTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://127.0.0.1")]
    [InlineData("https://127.0.0.1:443/")]
    [InlineData("http://127.1.2.3:80")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://LOCALHOST:5080")]
    [InlineData("http://[::1]:5080")]
    [InlineData("http://[::ffff:127.0.0.1]:5080")]
    [InlineData("http://unix:/run/chatdb.sock")]
    public void LoopbackUrls_AreLoopback(string url) => Assert.True(ExposureRule.IsLoopbackUrl(url), url);

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("http://192.168.1.20:5080")]
    [InlineData("http://10.0.0.1")]
    [InlineData("http://chatdb.example.com:5080")]
    [InlineData("http://localhost.example.com:5080")]
    [InlineData("http://127.0.0.1.nip.io:5080")]
    [InlineData("http://localhost@10.0.0.1:5080")]
    [InlineData("http://[fe80::1]:5080")]
    [InlineData("not a url")]
    public void OtherUrls_AreNot(string url) => Assert.False(ExposureRule.IsLoopbackUrl(url), url);

    [Fact]
    public void NonLoopbackHttp_IsAllowedWithKeys_AndRefusedWithoutThem_NamingAddressAndSetting()
    {
        var urls = new[] { ("Silo:Http (--http)", "http://0.0.0.0:5080") };
        var withKeys = AuthSettings.From(new ChatDbAuthOptions { ApiKeys = [new ApiKeyOptions { Name = "ops", Hash = ValidHash, Scope = "admin" }] });

        ExposureRule.CheckHttp(urls, withKeys);
        var error = Assert.Throws<ConfigurationError>(() => ExposureRule.CheckHttp(urls, AuthSettings.From(new ChatDbAuthOptions())));

        Assert.Contains("http://0.0.0.0:5080", error.Message, StringComparison.Ordinal);
        Assert.Contains("Auth:ApiKeys", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    public void LoopbackGateway_IsAllowed(string address) => ExposureRule.CheckGateway(IPAddress.Parse(address));

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.168.1.20")]
    public void NonLoopbackGatewayWithoutTls_IsRefused_NamingTheAddressTheSettingAndWhatToDoInstead(string address)
    {
        var error = Assert.Throws<ConfigurationError>(() => ExposureRule.CheckGateway(IPAddress.Parse(address)));

        Assert.Contains($"Cluster:GatewayAddress (--gateway-address) is {address}, which is not a loopback address, and mutual TLS is not configured", error.Message, StringComparison.Ordinal);
        Assert.Contains("docs/SECURITY.md", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--http", "http://0.0.0.0:0", "http://0.0.0.0:0", "Auth:ApiKeys")]
    [InlineData("--http", "http://192.168.1.20:0", "http://192.168.1.20:0", "Auth:ApiKeys")]
    [InlineData("--http", "http://chatdb.example.com:0", "http://chatdb.example.com:0", "Auth:ApiKeys")]
    [InlineData("--Kestrel:Endpoints:Lan:Url", "http://0.0.0.0:0", "Kestrel:Endpoints:Lan:Url is http://0.0.0.0:0", "Auth:ApiKeys")]
    [InlineData("--gateway-address", "0.0.0.0", "--gateway-address) is 0.0.0.0", "mutual TLS is not configured")]
    [InlineData("--gateway-address", "10.1.2.3", "--gateway-address) is 10.1.2.3", "mutual TLS is not configured")]
    public async Task Silo_BeyondLoopbackWithoutAuthentication_RefusesToStart_NamingAddressAndWhatToDo(string option, string value, string names, string remedy)
    {
        var (exitCode, error) = await RunSiloAsync([option, value]);

        Assert.Equal(SiloApplication.StartupFailedExitCode, exitCode);
        Assert.Contains(names, error, StringComparison.Ordinal);
        Assert.Contains(remedy, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_WithBrokenKeySettings_RefusesToStart_NamingEachSetting()
    {
        var (exitCode, error) = await RunSiloAsync(
        [
            "--Auth:ApiKeys:0:Name=ops", "--Auth:ApiKeys:0:Hash=sha256:abc", "--Auth:ApiKeys:0:Scope=admin",
            "--Auth:ApiKeys:1:Name=ops", $"--Auth:ApiKeys:1:Hash={ValidHash}", "--Auth:ApiKeys:1:Scope=user:../bob",
            $"--Auth:ApiKeys:2:Name=other", $"--Auth:ApiKeys:2:Hash={ValidHash}", "--Auth:ApiKeys:2:Scope=root",
        ]);

        Assert.Equal(SiloApplication.StartupFailedExitCode, exitCode);
        Assert.Contains("Auth:ApiKeys:0:Hash must be 'sha256:'", error, StringComparison.Ordinal);
        Assert.Contains("Auth:ApiKeys:1:Name 'ops' is used by another key", error, StringComparison.Ordinal);
        Assert.Contains("Auth:ApiKeys:1:Scope names a user id", error, StringComparison.Ordinal);
        Assert.Contains("Auth:ApiKeys:2:Hash is the hash of another key", error, StringComparison.Ordinal);
        Assert.Contains("Auth:ApiKeys:2:Scope must be 'admin' or 'user:{userId}' (was 'root')", error, StringComparison.Ordinal);
        Assert.DoesNotContain(ValidHash, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.0.0.5", false)]
    [InlineData("192.168.1.20", false)]
    [InlineData("fe80::1", false)]
    public void WithoutKeys_OnlyConnectionsArrivingOnLoopbackAreServed(string localAddress, bool served)
    {
        var connection = new Microsoft.AspNetCore.Http.DefaultHttpContext().Connection;
        connection.LocalIpAddress = IPAddress.Parse(localAddress);

        Assert.Equal(served, ApiAccessHandler.IsLocal(connection));
    }

    private async Task<(int ExitCode, string Error)> RunSiloAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] all = ["--data", Path.Join(_root, "data"), "--http", "http://127.0.0.1:0", .. args];
        var exitCode = await SiloApplication.RunAsync(all, output, error);
        return (exitCode, error.ToString());
    }
}

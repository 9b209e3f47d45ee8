using System.CommandLine;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using ChatDb.Grains.Security;

namespace ChatDb.Cli.Tests;

/// <summary><c>chatdb auth new-ca</c> and <c>chatdb auth new-cert</c>: the files mutual TLS is configured with.</summary>
public sealed class CertificateCommandTests : IDisposable
{
    private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-cli-pki-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task NewCa_ThenNewCert_WriteACertificateThatChainsToTheAuthority_AndLoadsForTls()
    {
        var ca = Path.Join(_root, "ca");
        var node = Path.Join(_root, "silo1");
        (await RunAsync("auth", "new-ca", "--out", ca)).Ok();
        (await RunAsync("auth", "new-cert", "--ca", ca, "--name", "silo1", "--ip", "10.0.0.5", "--dns", "silo1.internal", "--out", node)).Ok();

        var tls = ClusterTls.Load(Path.Join(node, "silo1.crt"), Path.Join(node, "silo1.key"), Path.Join(ca, "ca.crt"));
        Assert.Equal("CN=silo1, O=ChatDb", tls.Certificate.Subject);
        var names = tls.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("silo1.internal", names.EnumerateDnsNames());
        Assert.Contains(System.Net.IPAddress.Parse("10.0.0.5"), names.EnumerateIPAddresses());
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task PrivateKeys_AreReadableByTheirOwnerOnly()
    {
        var ca = Path.Join(_root, "ca");
        (await RunAsync("auth", "new-ca", "--out", ca)).Ok();
        (await RunAsync("auth", "new-cert", "--ca", ca, "--name", "app", "--out", ca)).Ok();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Join(ca, "ca.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Join(ca, "app.key")));
    }

    [Fact]
    public async Task NewCa_NeverOverwritesAnAuthority()
    {
        var ca = Path.Join(_root, "ca");
        (await RunAsync("auth", "new-ca", "--out", ca)).Ok();
        var before = await File.ReadAllTextAsync(Path.Join(ca, "ca.key"));

        var again = await RunAsync("auth", "new-ca", "--out", ca);

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("is never overwritten", again.Error, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Join(ca, "ca.key")));
    }

    [Theory]
    [InlineData("../escape", "allowed-characters")]
    [InlineData("", "--name")]
    public async Task NewCert_WithANameThatCannotBeAFileName_IsRefused(string name, string message)
    {
        var ca = Path.Join(_root, "ca");
        (await RunAsync("auth", "new-ca", "--out", ca)).Ok();

        var run = await RunAsync("auth", "new-cert", "--ca", ca, "--name", name, "--out", Path.Join(_root, "out"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Join(_root, "out")));
    }

    [Fact]
    public async Task NewCert_WithAMissingAuthority_FailsNamingTheDirectory()
    {
        var run = await RunAsync("auth", "new-cert", "--ca", Path.Join(_root, "nothing"), "--name", "app", "--out", Path.Join(_root, "out"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot read the authority in", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewCert_WithABadIp_IsRefused()
    {
        var ca = Path.Join(_root, "ca");
        (await RunAsync("auth", "new-ca", "--out", ca)).Ok();

        var run = await RunAsync("auth", "new-cert", "--ca", ca, "--name", "app", "--ip", "10.0.0.300", "--out", Path.Join(_root, "out"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--ip '10.0.0.300' is not an IP address", run.Error, StringComparison.Ordinal);
    }

    private static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliRoot.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new CliRun(exitCode, output.ToString(), error.ToString(), string.Join(' ', args));
    }
}

using System.Globalization;
using System.Net;
using ChatDb.Client;
using ChatDb.Grains.Models;
using ChatDb.Grains.Security;
using ChatDb.Storage;
using ChatDb.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;

namespace ChatDb.Silo.Tests;

/// <summary>
/// A silo with mutual TLS (<c>--tls-cert</c>, <c>--tls-key</c>, <c>--tls-ca</c>) lets in Orleans clients holding a
/// certificate from the cluster's authority, and no one else.
/// </summary>
public sealed class MutualTlsTests(MutualTlsTests.TlsSilo silo) : IClassFixture<MutualTlsTests.TlsSilo>
{
    [Fact]
    public async Task AClientWithACertificateOfTheClustersAuthority_CallsTheGrains()
    {
        using var client = await ConnectAsync(silo, silo.ClientFiles);
        try
        {
            var chat = new ChatDbClient(client.Services.GetRequiredService<IClusterClient>());
            await chat.CreateUserAsync("tls-alice", new UserProfileInput { DisplayName = "Alice" });
            var profile = await chat.GetUserProfileAsync("tls-alice");

            Assert.Equal("Alice", profile?.DisplayName);
        }
        finally
        {
            await client.StopAsync();
        }
    }

    [Fact]
    public async Task AClientWithoutACertificate_CannotConnect()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(silo, files: null));
    }

    [Fact]
    public async Task AClientWithACertificateOfAnotherAuthority_CannotConnect()
    {
        // The rogue client trusts the cluster's CA (so the silo's certificate is fine for it); the silo refuses the client's.
        var rogue = silo.ClientFiles with { Certificate = silo.RogueFiles.Certificate, Key = silo.RogueFiles.Key };

        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(silo, rogue));
    }

    [Fact]
    public void ACertificateNotSignedByTheAuthority_IsRefusedWhenLoaded()
    {
        var error = Assert.Throws<ConfigurationError>(() => ClusterTls.Load(silo.RogueFiles.Certificate, silo.RogueFiles.Key, silo.ClientFiles.Authority));

        Assert.Contains("is not signed by the certificate authority", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANodeCertificate_ChainsToItsAuthorityOnly_AndServesBothEnds()
    {
        using var authority = ClusterCertificateIssuer.NewAuthority("ca", DateTimeOffset.UtcNow, TimeSpan.FromDays(10));
        using var other = ClusterCertificateIssuer.NewAuthority("ca", DateTimeOffset.UtcNow, TimeSpan.FromDays(10));
        using var node = ClusterCertificateIssuer.NewNode(authority, "node", ["node.example"], [IPAddress.Loopback], DateTimeOffset.UtcNow, TimeSpan.FromDays(365));

        Assert.True(ClusterTls.IsSignedBy(node, authority));
        Assert.False(ClusterTls.IsSignedBy(node, other));
        Assert.True(node.NotAfter <= authority.NotAfter, "a node certificate never outlives its authority");
        var usages = node.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], usages.Cast<System.Security.Cryptography.Oid>().Select(oid => oid.Value).Order());
    }

    private static async Task<IHost> ConnectAsync(TlsSilo silo, PemFiles? files)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, silo.GatewayPort))
                .Configure<ClusterOptions>(options => options.ClusterId = options.ServiceId = silo.ClusterId)
                .UseChatDb()
                .UseConnectionRetryFilter((_, _) => Task.FromResult(false));
            if (files is not null)
            {
                client.UseChatDbTls(files.Certificate, files.Key, files.Authority);
            }
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public sealed record PemFiles(string Certificate, string Key, string Authority);

    /// <summary>One silo on TLS, in-process, with its own authority; client and rogue certificates beside it.</summary>
    public sealed class TlsSilo : IAsyncLifetime
    {
        private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-tls-" + Guid.NewGuid().ToString("N"));
        private WebApplication? _app;

        public string ClusterId { get; } = "tls-" + Guid.NewGuid().ToString("N")[..12];

        public int GatewayPort { get; } = LoopbackPorts.Next();

        public PemFiles ClientFiles { get; private set; } = null!;

        public PemFiles RogueFiles { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var now = DateTimeOffset.UtcNow;
            using var authority = ClusterCertificateIssuer.NewAuthority("test CA", now, TimeSpan.FromDays(30));
            using var rogueAuthority = ClusterCertificateIssuer.NewAuthority("test CA", now, TimeSpan.FromDays(30));
            var authorityFile = Write("ca.crt", ClusterCertificateIssuer.CertificatePem(authority));
            var siloFiles = Issue(authority, "silo1", authorityFile, now);
            ClientFiles = Issue(authority, "app1", authorityFile, now);
            RogueFiles = Issue(rogueAuthority, "rogue", Write("rogue-ca.crt", ClusterCertificateIssuer.CertificatePem(rogueAuthority)), now);

            string[] args =
            [
                "--data", Path.Join(_root, "data"),
                "--http", $"http://127.0.0.1:{LoopbackPorts.Next().ToString(CultureInfo.InvariantCulture)}",
                "--silo-port", LoopbackPorts.Next().ToString(CultureInfo.InvariantCulture),
                "--gateway-port", GatewayPort.ToString(CultureInfo.InvariantCulture),
                "--cluster-id", ClusterId,
                "--service-id", ClusterId,
                "--tls-cert", siloFiles.Certificate,
                "--tls-key", siloFiles.Key,
                "--tls-ca", siloFiles.Authority,
            ];
            (_app, var settings) = SiloApplication.Build(args);
            Assert.NotNull(settings.Tls);
            await _app.StartAsync();
        }

        public async Task DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
            }

            Directory.Delete(_root, recursive: true);
        }

        private PemFiles Issue(System.Security.Cryptography.X509Certificates.X509Certificate2 authority, string name, string authorityFile, DateTimeOffset now)
        {
            using var node = ClusterCertificateIssuer.NewNode(authority, name, [], [IPAddress.Loopback], now, TimeSpan.FromDays(30));
            return new PemFiles(
                Write(name + ".crt", ClusterCertificateIssuer.CertificatePem(node)),
                Write(name + ".key", ClusterCertificateIssuer.PrivateKeyPem(node)),
                authorityFile);
        }

        private string Write(string name, string text)
        {
            Directory.CreateDirectory(_root);
            var path = Path.Join(_root, name);
            File.WriteAllText(path, text);
            return path;
        }
    }
}

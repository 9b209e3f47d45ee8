using System.CommandLine;
using System.Text.Json;
using ChatDb.Grains.Security;

namespace ChatDb.Cli.Tests;

/// <summary><c>chatdb auth ...</c>, and the data commands against a gateway that requires a cluster secret.</summary>
public sealed class AuthCommandTests(AuthCommandTests.SecretCluster cluster) : IClassFixture<AuthCommandTests.SecretCluster>, IDisposable
{
    private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-cli-auth-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task NewKey_PrintsAKeyWhoseHashIsInTheConfigEntry_AndEveryKeyIsNew()
    {
        var first = await RunAsync("auth", "new-key", "--scope", "user:alice", "--json");
        var second = await RunAsync("auth", "new-key", "--scope", "admin", "--name", "ops", "--json");

        var one = JsonDocument.Parse(first.Ok()).RootElement;
        var two = JsonDocument.Parse(second.Ok()).RootElement;
        var key = one.GetProperty("key").GetString()!;
        var config = one.GetProperty("config");
        Assert.StartsWith("chatdb_", key, StringComparison.Ordinal);
        Assert.Equal(SecretDigest.Format(SecretDigest.Compute(key)), config.GetProperty("Hash").GetString());
        Assert.Equal("user:alice", config.GetProperty("Scope").GetString());
        Assert.Equal("alice", config.GetProperty("Name").GetString());
        Assert.Equal("ops", two.GetProperty("config").GetProperty("Name").GetString());
        Assert.Equal("admin", two.GetProperty("config").GetProperty("Scope").GetString());
        Assert.NotEqual(key, two.GetProperty("key").GetString());
    }

    [Fact]
    public async Task NewKey_AsText_ShowsTheKeyOnceAndTheEntryToConfigure()
    {
        var run = await RunAsync("auth", "new-key", "--scope", "user:bob");

        var lines = run.Ok().Split('\n', StringSplitOptions.TrimEntries);
        var key = lines[Array.FindIndex(lines, l => l.StartsWith("API key", StringComparison.Ordinal)) + 1];
        Assert.Single(lines, l => l.Contains(key, StringComparison.Ordinal));
        Assert.Contains($"{{\"Name\":\"bob\",\"Hash\":\"{SecretDigest.Format(SecretDigest.Compute(key))}\",\"Scope\":\"user:bob\"}}", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("root", "must be 'admin' or 'user:{userId}'")]
    [InlineData("user:../bob", "user id")]
    [InlineData("user:", "user id")]
    [InlineData("Admin", "must be 'admin'")]
    public async Task NewKey_WithAScopeTheSiloWouldRefuse_Fails(string scope, string message)
    {
        var run = await RunAsync("auth", "new-key", "--scope", scope);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task NewClusterSecret_PrintsASecretAndItsHash()
    {
        var run = await RunAsync("auth", "new-cluster-secret", "--json");

        var json = JsonDocument.Parse(run.Ok()).RootElement;
        var secret = json.GetProperty("secret").GetString()!;
        Assert.True(secret.Length >= 40, secret);
        Assert.Equal(SecretDigest.Format(SecretDigest.Compute(secret)), json.GetProperty("hash").GetString());
    }

    [Fact]
    public async Task DataCommand_WithoutTheClusterSecret_IsRefusedWithExitCode4_AndWithItsFileWorks()
    {
        Directory.CreateDirectory(_root);
        var file = Path.Join(_root, "cluster.secret");
        await File.WriteAllTextAsync(file, SecretCluster.Secret + "\n");
        var wrong = Path.Join(_root, "wrong.secret");
        await File.WriteAllTextAsync(wrong, "a-wrong-secret-of-sufficient-length");

        var without = await CliCluster.RunAgainstAsync(cluster.Gateway, "user", "create", "carol");
        var withWrong = await CliCluster.RunAgainstAsync(cluster.Gateway, "user", "create", "carol", "--cluster-secret-file", wrong);
        var with = await CliCluster.RunAgainstAsync(cluster.Gateway, "user", "create", "carol", "--cluster-secret-file", file);

        Assert.Equal(4, without.ExitCode);
        Assert.Contains("refused", without.Error, StringComparison.Ordinal);
        Assert.Contains("CHATDB_CLUSTER_SECRET", without.Error, StringComparison.Ordinal);
        Assert.Equal(4, withWrong.ExitCode);
        Assert.DoesNotContain("a-wrong-secret", withWrong.Error, StringComparison.Ordinal);
        with.Ok();
    }

    /// <summary>Runs <c>chatdb args...</c> in this process (no gateway: the auth commands talk to nobody).</summary>
    private static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliRoot.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new CliRun(exitCode, output.ToString(), error.ToString(), string.Join(' ', args));
    }

    /// <summary>A one-silo cluster with the chat grains whose gateway requires <see cref="Secret"/>.</summary>
    public sealed class SecretCluster : CliCluster
    {
        public const string Secret = "the-secret-of-the-cli-test-cluster";

        public SecretCluster()
            : base(Secret)
        {
        }
    }
}

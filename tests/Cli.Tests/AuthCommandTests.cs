using System.Text.Json;
using ChatDb.Grains.Security;

namespace ChatDb.Cli.Tests;

/// <summary><c>chatdb auth ...</c>: it makes API keys and talks to nobody.</summary>
public sealed class AuthCommandTests
{
    [Fact]
    public async Task NewKey_PrintsAKeyWhoseHashIsInTheConfigEntry_AndEveryKeyIsNew()
    {
        var first = await ChatDbCli.InvokeAsync("auth", "new-key", "--scope", "user:alice", "--json");
        var second = await ChatDbCli.InvokeAsync("auth", "new-key", "--scope", "admin", "--name", "ops", "--json");

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
        var run = await ChatDbCli.InvokeAsync("auth", "new-key", "--scope", "user:bob");

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
        var run = await ChatDbCli.InvokeAsync("auth", "new-key", "--scope", scope);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task NewClusterSecret_IsGone_AnUnknownCommand()
    {
        var run = await ChatDbCli.InvokeAsync("auth", "new-cluster-secret", "--json");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Unrecognized command or argument 'new-cluster-secret'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("\"secret\"", run.Output, StringComparison.Ordinal);
    }
}

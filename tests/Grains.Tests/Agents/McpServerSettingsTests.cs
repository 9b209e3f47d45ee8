using ChatDb.Grains.Agents.Tools.Mcp;
using ChatDb.Storage;
using Microsoft.Extensions.Configuration;

namespace ChatDb.Grains.Tests.Agents;

/// <summary>Mcp:Servers is read and checked at start: every mistake names the setting, and no secret is printed.</summary>
public sealed class McpServerSettingsTests
{
    private static McpServerSettings Read(params (string Key, string Value)[] settings) =>
        McpServerSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Theory]
    [InlineData("Mcp:Servers:a:Transport", "ftp", "Mcp:Servers:a:Transport 'ftp' is not one of stdio, http")]
    [InlineData("Mcp:Servers:a:Command", "x", "Mcp:Servers:a:Transport is required")]
    [InlineData("Mcp:Servers:a:Transport", "stdio", "Mcp:Servers:a:Command is required")]
    [InlineData("Mcp:Servers:a:Transport", "http", "Mcp:Servers:a:Endpoint is required")]
    [InlineData("Mcp:Servers:a_b:Transport", "stdio", "Mcp:Servers:a_b: the server name")]
    [InlineData("Mcp:Servers:a--b:Transport", "stdio", "Mcp:Servers:a--b: the server name")]
    public void AnIncompleteServer_IsAConfigurationErrorNamingTheSetting(string key, string value, string expected)
    {
        var error = Assert.Throws<ConfigurationError>(() => Read((key, value)));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a uri")]
    [InlineData("ftp://host/mcp")]
    [InlineData("/relative/mcp")]
    public void ABadEndpoint_IsRejected_WithoutRepeatingIt(string endpoint)
    {
        var error = Assert.Throws<ConfigurationError>(() => Read(("Mcp:Servers:web:Transport", "http"), ("Mcp:Servers:web:Endpoint", endpoint)));

        Assert.Equal("Mcp:Servers:web:Endpoint must be an absolute http:// or https:// URL.", error.Message);
    }

    [Fact]
    public void AMissingKeyFile_IsRejected_AndAKeyIsNeverPrinted()
    {
        var missing = Assert.Throws<ConfigurationError>(() => Read(
            ("Mcp:Servers:web:Transport", "http"), ("Mcp:Servers:web:Endpoint", "https://mcp.example/mcp"),
            ("Mcp:Servers:web:ApiKeyFile", Path.Combine(Path.GetTempPath(), "no-such-key-" + Guid.NewGuid().ToString("N")))));
        var both = Assert.Throws<ConfigurationError>(() => Read(
            ("Mcp:Servers:web:Transport", "http"), ("Mcp:Servers:web:Endpoint", "https://mcp.example/mcp"),
            ("Mcp:Servers:web:ApiKey", "sk-very-secret"), ("Mcp:Servers:web:ApiKeyFile", "/tmp/key")));

        Assert.StartsWith("Mcp:Servers:web:ApiKeyFile names a file that does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Equal("Mcp:Servers:web: set ApiKey or ApiKeyFile, not both.", both.Message);
        Assert.DoesNotContain("sk-very-secret", both.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ServersFromEnvironmentStyleKeys_AreNamedInLowerCase()
    {
        var settings = Read(
            ("Mcp:Servers:FILES:Transport", "stdio"), ("Mcp:Servers:FILES:Command", "mcp-files"),
            ("Mcp:Servers:FILES:Arguments:0", "--root"), ("Mcp:Servers:FILES:Arguments:1", "/data"),
            ("Mcp:Servers:FILES:Environment:LOG_LEVEL", "debug"));

        Assert.True(settings.TryGet("files", out var files));
        Assert.Equal(("mcp-files", "debug"), (files.Command, files.Environment["LOG_LEVEL"]));
        Assert.Equal(["--root", "/data"], files.Arguments);
    }

    [Theory]
    [InlineData("mcp__test__echo", true, "test", "echo")]
    [InlineData("mcp__my-server__read.file", true, "my-server", "read.file")]
    [InlineData("mcp__test__", false, "", "")]
    [InlineData("mcp____echo", false, "", "")]
    [InlineData("current_time", false, "", "")]
    public void ToolNames_SplitIntoServerAndTool(string name, bool parsed, string server, string tool)
    {
        Assert.Equal((parsed, server, tool), (McpToolNames.TryParse(name, out var s, out var t), s, t));
    }
}

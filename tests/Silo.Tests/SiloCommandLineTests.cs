using ChatDb.Storage;
using Microsoft.Extensions.Configuration;

namespace ChatDb.Silo.Tests;

public sealed class SiloCommandLineTests
{
    [Fact]
    public void ShortSwitches_BecomeTheirConfigurationKeys_InBothForms()
    {
        var translated = SiloCommandLine.Translate(["--gateway-port", "31000", "--http=http://0.0.0.0:8080", "--data", "/srv/chatdb"]);

        Assert.Equal(["--Runtime:Gateway:Port=31000", "--Silo:Http=http://0.0.0.0:8080", "--data", "/srv/chatdb"], translated);
    }

    [Fact]
    public void SwitchWithoutValue_IsRefusedNamingTheKeyItSets()
    {
        var error = Assert.Throws<ArgumentException>(() => SiloCommandLine.Translate(["--http", "--data", "x"]));

        Assert.Contains("--http needs a value (sets Silo:Http)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_DefaultToTheDocumentedAddressAndPort()
    {
        var settings = SiloSettings.From(new ConfigurationBuilder().Build());

        Assert.Equal(new Uri("http://127.0.0.1:5080"), settings.Http);
        Assert.Equal(30000, settings.GatewayPort);
    }

    [Theory]
    [InlineData("Silo:Http", "ftp://host", "Silo:Http (--http) must be an absolute http:// or https:// URL (was 'ftp://host')")]
    [InlineData("Runtime:Gateway:Port", "70000", "Runtime:Gateway:Port (--gateway-port) must be a port number from 0 to 65535 (was '70000')")]
    [InlineData("Runtime:Gateway:Port", "-1", "Runtime:Gateway:Port (--gateway-port) must be a port number from 0 to 65535 (was '-1')")]
    public void InvalidHostSetting_IsAConfigurationErrorNamingIt(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var error = Assert.Throws<ConfigurationError>(() => SiloSettings.From(configuration));

        Assert.Equal(message + ".", error.Message);
    }
}

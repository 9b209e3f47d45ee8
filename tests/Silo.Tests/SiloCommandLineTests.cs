using ChatDb.Storage;
using Microsoft.Extensions.Configuration;

namespace ChatDb.Silo.Tests;

public sealed class SiloCommandLineTests
{
    [Fact]
    public void ShortSwitches_BecomeTheirConfigurationKeys_InBothForms()
    {
        var translated = SiloCommandLine.Translate(
            ["--gateway-port", "31000", "--silo-port=11112", "--gateway-address", "::1", "--cluster-id", "blue", "--service-id=chat", "--http=http://0.0.0.0:8080", "--data", "/srv/chatdb"]);

        Assert.Equal(
            ["--Cluster:GatewayPort=31000", "--Cluster:SiloPort=11112", "--Cluster:GatewayAddress=::1", "--Cluster:ClusterId=blue", "--Cluster:ServiceId=chat",
                "--Silo:Http=http://0.0.0.0:8080", "--data", "/srv/chatdb"],
            translated);
    }

    [Fact]
    public void SwitchWithoutValue_IsRefusedNamingTheKeyItSets()
    {
        var error = Assert.Throws<ArgumentException>(() => SiloCommandLine.Translate(["--http", "--data", "x"]));

        Assert.Contains("--http needs a value (sets Silo:Http)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_DefaultToTheDocumentedAddressesPortsAndIds()
    {
        var settings = SiloSettings.From(new ConfigurationBuilder().Build());

        Assert.Equal(new Uri("http://127.0.0.1:5080"), settings.Http);
        Assert.Equal(11111, settings.SiloPort);
        Assert.Equal(30000, settings.GatewayPort);
        Assert.Equal(System.Net.IPAddress.Loopback, settings.GatewayAddress);
        Assert.Equal("chatdb", settings.ClusterId);
        Assert.Equal("chatdb", settings.ServiceId);
    }

    [Theory]
    [InlineData("Silo:Http", "ftp://host", "Silo:Http (--http) must be an absolute http:// or https:// URL (was 'ftp://host')")]
    [InlineData("Cluster:GatewayPort", "70000", "Cluster:GatewayPort (--gateway-port) must be a port number from 0 to 65535 (was '70000')")]
    [InlineData("Cluster:GatewayPort", "-1", "Cluster:GatewayPort (--gateway-port) must be a port number from 0 to 65535 (was '-1')")]
    [InlineData("Cluster:SiloPort", "x", "Cluster:SiloPort (--silo-port) must be a port number from 0 to 65535 (was 'x')")]
    [InlineData("Cluster:GatewayAddress", "localhost", "Cluster:GatewayAddress (--gateway-address) must be an IP address such as 127.0.0.1 (was 'localhost')")]
    [InlineData("Cluster:ClusterId", "a b", "Cluster:ClusterId (--cluster-id) must be 1 to 64 letters, digits, '-', '_' or '.' (was 'a b')")]
    public void InvalidHostSetting_IsAConfigurationErrorNamingIt(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var error = Assert.Throws<ConfigurationError>(() => SiloSettings.From(configuration));

        Assert.Equal(message + ".", error.Message);
    }
}

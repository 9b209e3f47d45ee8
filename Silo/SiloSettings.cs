using ChatDb.Storage;
using System.Globalization;
using System.Net;
using ChatDb.Runtime.Hosting;

namespace ChatDb.Silo;

/// <summary>The silo host's own settings (the HTTP address, the gateway's port and address), read and checked at start-up.</summary>
public sealed record SiloSettings(Uri Http, int GatewayPort, string GatewayAddress = GatewayOptions.DefaultListenAddress)
{
    public const string DefaultHttp = "http://127.0.0.1:5080";
    public const int DefaultGatewayPort = 30000;

    /// <exception cref="ConfigurationError">A setting is invalid; the message names it.</exception>
    public static SiloSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var http = configuration[SiloCommandLine.HttpKey] ?? DefaultHttp;
        if (!Uri.TryCreate(http, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ConfigurationError($"{SiloCommandLine.HttpKey} (--http) must be an absolute http:// or https:// URL (was '{http}').");
        }

        var portText = configuration[SiloCommandLine.GatewayPortKey];
        var port = DefaultGatewayPort;
        if (portText is not null &&
            (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            throw new ConfigurationError($"{SiloCommandLine.GatewayPortKey} (--gateway-port) must be a port number from 0 to 65535 (was '{portText}').");
        }

        var address = configuration[SiloCommandLine.GatewayAddressKey] ?? GatewayOptions.DefaultListenAddress;
        if (!IPAddress.TryParse(address, out _))
        {
            throw new ConfigurationError($"{SiloCommandLine.GatewayAddressKey} (--gateway-address) must be an IP address such as 127.0.0.1 or 0.0.0.0 (was '{address}').");
        }

        return new SiloSettings(uri, port, address);
    }
}

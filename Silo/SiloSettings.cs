using System.Globalization;
using System.Net;
using ChatDb.Grains.Security;
using ChatDb.Silo.Cluster;
using ChatDb.Storage;

namespace ChatDb.Silo;

/// <summary>
/// The silo host's own settings, read and checked at start-up: the HTTP address, and the Orleans endpoints
/// and identity (silo-to-silo port, gateway port and address, cluster and service id), the mutual TLS
/// certificates of the cluster's connections when they are configured, and how the silo joins its cluster.
/// </summary>
public sealed record SiloSettings(Uri Http, int SiloPort, int GatewayPort, IPAddress GatewayAddress, string ClusterId, string ServiceId)
{
    /// <summary>Mutual TLS for the gateway and silo-to-silo connections, or null for plain TCP (loopback only).</summary>
    public ClusterTls? Tls { get; init; }

    /// <summary>Membership, liveness timings and the azure mode's queues (docs/CLUSTER.md); localhost by default.</summary>
    public ClusterSettings Cluster { get; init; } = new();

    public const string DefaultHttp = "http://127.0.0.1:5080";
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;
    public const string DefaultGatewayAddress = "127.0.0.1";

    /// <summary>The cluster and service id of a silo and of its clients unless configured otherwise.</summary>
    public const string DefaultClusterId = "chatdb";

    /// <exception cref="ConfigurationError">A setting is invalid; the message names it.</exception>
    public static SiloSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var http = configuration[SiloCommandLine.HttpKey] ?? DefaultHttp;
        if (!Uri.TryCreate(http, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ConfigurationError($"{SiloCommandLine.HttpKey} (--http) must be an absolute http:// or https:// URL (was '{http}').");
        }

        var siloPort = Port(configuration, SiloCommandLine.SiloPortKey, "--silo-port", DefaultSiloPort);
        var gatewayPort = Port(configuration, SiloCommandLine.GatewayPortKey, "--gateway-port", DefaultGatewayPort);
        if (siloPort != 0 && siloPort == gatewayPort)
        {
            throw new ConfigurationError($"{SiloCommandLine.SiloPortKey} (--silo-port) and {SiloCommandLine.GatewayPortKey} (--gateway-port) are both {siloPort}; they must differ.");
        }

        var addressText = configuration[SiloCommandLine.GatewayAddressKey] ?? DefaultGatewayAddress;
        if (!IPAddress.TryParse(addressText, out var address))
        {
            throw new ConfigurationError($"{SiloCommandLine.GatewayAddressKey} (--gateway-address) must be an IP address such as 127.0.0.1 (was '{addressText}').");
        }

        return new SiloSettings(uri, siloPort, gatewayPort, address,
            Identity(configuration, SiloCommandLine.ClusterIdKey, "--cluster-id"),
            Identity(configuration, SiloCommandLine.ServiceIdKey, "--service-id"))
        {
            Tls = LoadTls(configuration),
            Cluster = ClusterSettings.From(configuration),
        };
    }

    /// <summary>The three TLS files, all or none.</summary>
    private static ClusterTls? LoadTls(IConfiguration configuration)
    {
        (string Key, string Option)[] files =
        [
            (SiloCommandLine.TlsCertificateKey, "--tls-cert"),
            (SiloCommandLine.TlsKeyKey, "--tls-key"),
            (SiloCommandLine.TlsAuthorityKey, "--tls-ca"),
        ];
        var given = files.Where(file => !string.IsNullOrEmpty(configuration[file.Key])).ToList();
        if (given.Count == 0)
        {
            return null;
        }

        if (given.Count < files.Length)
        {
            var missing = files.Except(given).Select(file => $"{file.Key} ({file.Option})");
            throw new ConfigurationError($"TLS needs the certificate, its key and the certificate authority: {string.Join(" and ", missing)} missing.");
        }

        return ClusterTls.Load(configuration[files[0].Key]!, configuration[files[1].Key]!, configuration[files[2].Key]!);
    }

    private static int Port(IConfiguration configuration, string key, string option, int defaultPort)
    {
        var text = configuration[key];
        if (text is null)
        {
            return defaultPort;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new ConfigurationError($"{key} ({option}) must be a port number from 0 to 65535 (was '{text}').");
        }

        return port;
    }

    private static string Identity(IConfiguration configuration, string key, string option)
    {
        var text = configuration[key] ?? DefaultClusterId;
        if (text.Length is 0 or > 64 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ConfigurationError($"{key} ({option}) must be 1 to 64 letters, digits, '-', '_' or '.' (was '{text}').");
        }

        return text;
    }
}

using ChatDb.Grains.Security;
using ChatDb.Storage;
using System.Net;

namespace ChatDb.Silo.Auth;

/// <summary>
/// The rule that keeps an unauthenticated silo private: the REST API may listen beyond loopback only
/// when API keys are configured, and the Orleans gateway only with mutual TLS. Checked before anything
/// listens; a violation stops the start with a message naming the address and the missing setting.
/// </summary>
public static class ExposureRule
{
    public const string KestrelEndpointsSection = "Kestrel:Endpoints";

    /// <summary>Every HTTP address the host will bind: <c>Silo:Http</c> and any <c>Kestrel:Endpoints:*:Url</c> (which Kestrel prefers).</summary>
    public static IReadOnlyList<(string Setting, string Url)> HttpUrls(IConfiguration configuration, SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
        var urls = new List<(string, string)> { ($"{SiloCommandLine.HttpKey} (--http)", settings.Http.ToString()) };
        foreach (var endpoint in configuration.GetSection(KestrelEndpointsSection).GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                urls.Add(($"{endpoint.Path}:Url", url));
            }
        }

        return urls;
    }

    /// <exception cref="ConfigurationError">An address is not loopback and <paramref name="auth"/> has no API keys.</exception>
    public static void CheckHttp(IEnumerable<(string Setting, string Url)> urls, AuthSettings auth)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(auth);
        if (auth.HasApiKeys)
        {
            return;
        }

        foreach (var (setting, url) in urls)
        {
            if (!IsLoopbackUrl(url))
            {
                throw new ConfigurationError(
                    $"{setting} is {url}, which is not a loopback address, and no API keys are configured ({ChatDbAuthOptions.SectionName}:{nameof(ChatDbAuthOptions.ApiKeys)}): "
                    + "anyone who reaches it could read and change every user's data. Configure API keys (chatdb auth new-key) or bind to 127.0.0.1 or localhost.");
            }
        }
    }

    /// <exception cref="ConfigurationError"><paramref name="listenAddress"/> is not loopback and <paramref name="tls"/> is null.</exception>
    /// <remarks>
    /// Orleans' gateway has no handshake secret: any client that reaches it may call every grain. Beyond
    /// loopback it therefore needs mutual TLS, where only holders of a certificate from the cluster's own
    /// authority get a connection.
    /// </remarks>
    public static void CheckGateway(IPAddress listenAddress, ClusterTls? tls = null)
    {
        ArgumentNullException.ThrowIfNull(listenAddress);
        if (IsLoopback(listenAddress) || tls is not null)
        {
            return;
        }

        throw new ConfigurationError(
            $"{SiloCommandLine.GatewayAddressKey} (--gateway-address) is {listenAddress}, which is not a loopback address, and mutual TLS is not configured: "
            + "any Orleans client that reaches the gateway could call every grain. Give the silo a certificate from the cluster's authority "
            + "(chatdb auth new-ca, chatdb auth new-cert; --tls-cert, --tls-key, --tls-ca) or listen on 127.0.0.1 (docs/SECURITY.md).");
    }

    /// <summary>
    /// True when a Kestrel URL binds loopback only: <c>localhost</c>, a loopback IP (<c>127.0.0.0/8</c>, <c>::1</c>),
    /// or a Unix socket (<c>http://unix:/path</c>). <c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>, LAN addresses and
    /// any other host name (Kestrel binds every interface for those) are not.
    /// </summary>
    public static bool IsLoopbackUrl(string? url)
    {
        if (url is null)
        {
            return false;
        }

        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return false;
        }

        var rest = url[(scheme + 3)..];
        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var end = rest.IndexOfAny(['/', '?', '#']);
        var authority = end < 0 ? rest : rest[..end];
        var at = authority.LastIndexOf('@');
        authority = at < 0 ? authority : authority[(at + 1)..];
        string host;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? authority : authority[1..close];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
        }

        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || IsLoopbackAddress(host);
    }

    /// <summary>True for an IP address literal in <c>127.0.0.0/8</c> or <c>::1</c> (also IPv4-mapped).</summary>
    public static bool IsLoopbackAddress(string? address) =>
        IPAddress.TryParse(address, out var ip) && IsLoopback(ip);

    public static bool IsLoopback(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }
}

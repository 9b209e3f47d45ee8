using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace ChatDb.Runtime.Client;

/// <summary>Parses <c>host:port</c> gateway addresses (<c>127.0.0.1:30000</c>, <c>[::1]:30000</c>, <c>silo-1:30000</c>).</summary>
internal static class GatewayEndPoints
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out EndPoint? endPoint)
    {
        endPoint = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (IPEndPoint.TryParse(text, out var ip) && ip.Port != 0)
        {
            endPoint = ip;
            return true;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > IPEndPoint.MaxPort)
        {
            return false;
        }

        endPoint = new DnsEndPoint(text[..colon], port);
        return true;
    }

    public static EndPoint Parse(string text) =>
        TryParse(text, out var endPoint) ? endPoint : throw new ArgumentException($"Gateway address '{text}' is not host:port.", nameof(text));
}

/// <summary>Where the client looks for gateways; the test cluster supplies the live silos.</summary>
internal interface IGatewayListProvider
{
    IReadOnlyList<EndPoint> GetGateways();
}

internal sealed class ConfiguredGatewayListProvider(Microsoft.Extensions.Options.IOptions<ClusterClientOptions> options) : IGatewayListProvider
{
    private readonly EndPoint[] _gateways = [.. options.Value.Gateways.Select(GatewayEndPoints.Parse)];

    public IReadOnlyList<EndPoint> GetGateways() => _gateways;
}

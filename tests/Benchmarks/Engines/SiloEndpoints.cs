using System.Net;
using System.Net.Sockets;

namespace ChatDb.Benchmarks.Engines;

/// <summary>
/// Ports and cluster id of one benchmark silo. Orleans' listeners set <c>ReuseAddress</c>, so two silos
/// asked for the same port could share it silently: every silo takes free ports and a cluster id of its own.
/// </summary>
public sealed record SiloEndpoints(int SiloPort, int GatewayPort, string ClusterId)
{
    public static SiloEndpoints Free() => new(FreePort(), FreePort(), "bench-" + Guid.NewGuid().ToString("N")[..12]);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

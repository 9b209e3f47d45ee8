using System.Net;
using System.Net.Sockets;

namespace ChatDb.Api.Tests.Infrastructure;

/// <summary>
/// Loopback ports nobody listens on right now. Orleans' listeners set <c>ReuseAddress</c>, so two silos given the
/// same port could share it silently: every test server asks for its own.
/// </summary>
internal static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

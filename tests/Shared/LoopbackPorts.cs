using System.Net;
using System.Net.Sockets;

namespace ChatDb.Tests.Shared;

/// <summary>
/// Loopback ports for servers a test starts (Redis, Azurite, silos). Orleans' listeners set <c>ReuseAddress</c>
/// (SO_REUSEPORT on Linux), so a port another silo listens on could be shared silently: a candidate is taken only
/// when a listener without that option binds it on every interface, and candidates come from an unusual range
/// (20000–29999), away from the ephemeral ports the kernel hands to outgoing connections, in a random order per
/// process, never twice in one process and never to two test processes at once (<see cref="TryReserve"/>).
/// </summary>
internal static class LoopbackPorts
{
    private const int First = 20000;
    private const int Count = 10000;
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Handed = [];
    private static readonly List<FileStream> Reservations = [];
    private static readonly string ReservationDirectory = Path.Combine(Path.GetTempPath(), "chatdb-test-ports");
    private static int _next = First + Random.Shared.Next(Count);

    /// <summary>A port nothing listens on now, not handed out before by this process.</summary>
    public static int Next()
    {
        lock (Gate)
        {
            for (var tries = 0; tries < Count; tries++)
            {
                var port = _next;
                _next = First + ((_next - First + 1 + Random.Shared.Next(7)) % Count);
                if (Handed.Add(port) && TryReserve(port) && IsFree(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {First + Count - 1}.");
    }

    /// <summary>
    /// Holds an exclusive lock on a file named for the port for the rest of this process. <c>dotnet test</c> runs the test
    /// projects side by side, and two processes could both find a port free before either listens on it (a silo then
    /// failed to start with "Address already in use"); a port locked by another process is skipped. The kernel drops
    /// the lock when its process ends, however it ends; the files stay and are locked again by later runs.
    /// </summary>
    private static bool TryReserve(int port)
    {
        try
        {
            Directory.CreateDirectory(ReservationDirectory);
            Reservations.Add(new FileStream(Path.Combine(ReservationDirectory, $"{port}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.ExclusiveAddressUse = true;
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            socket.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Waits until something accepts connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task WaitForListenerAsync(int port, TimeSpan timeout, Func<bool> exited, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (exited())
            {
                throw new InvalidOperationException($"{describe()} exited before listening on port {port}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"{describe()} did not listen on port {port} within {timeout.TotalSeconds} s.");
    }
}

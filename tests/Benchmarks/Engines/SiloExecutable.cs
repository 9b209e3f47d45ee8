using System.Globalization;
using ChatDb.Tests.Shared;

namespace ChatDb.Benchmarks.Engines;

/// <summary>
/// The real silo executable (<c>dotnet ChatDb.Silo.dll</c>, built next to the benchmark) as a child process on a
/// data directory of its own, loopback ports and a cluster id of its own, with the product's defaults (Fsync
/// durability, no API keys: open on loopback). <see cref="Http"/> is one keep-alive connection to its REST door.
/// Stopped by its PID with SIGTERM when disposed (SIGKILL if it does not exit in time).
/// </summary>
public sealed class SiloExecutable : IAsyncDisposable
{
    private const string ReadyLine = "ChatDb silo ready: ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly ServerProcess _process;

    private SiloExecutable(ServerProcess process, Uri address, int gatewayPort, string clusterId)
    {
        _process = process;
        GatewayPort = gatewayPort;
        ClusterId = clusterId;
        // One connection, kept open: each request pays the REST door, not a TCP handshake.
        Http = JsonRequest.Client(address, connections: 1);
    }

    public HttpClient Http { get; }

    /// <summary>The loopback port of its Orleans gateway, for clients of the other door (<see cref="ChatDbGatewayClient"/>).</summary>
    public int GatewayPort { get; }

    /// <summary>Its cluster and service id.</summary>
    public string ClusterId { get; }

    public static async Task<SiloExecutable> StartAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var dll = Path.Join(AppContext.BaseDirectory, "ChatDb.Silo.dll");
        var http = $"http://127.0.0.1:{LoopbackPorts.Next()}";
        var clusterId = "bench-rest-" + Guid.NewGuid().ToString("N")[..12];
        var gatewayPort = LoopbackPorts.Next();
        var process = ServerProcess.Start("ChatDb silo", "dotnet",
        [
            dll, "--data", dataDirectory, "--http", http,
            "--silo-port", LoopbackPorts.Next().ToString(CultureInfo.InvariantCulture), "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture),
            "--cluster-id", clusterId, "--service-id", clusterId,
        ]);
        var silo = new SiloExecutable(process, new Uri(http), gatewayPort, clusterId);
        try
        {
            // The silo prints its ready line once it accepts calls; its output is read as it comes.
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (!process.Output.Contains(ReadyLine, StringComparison.Ordinal))
            {
                if (process.HasExited || watch.Elapsed > StartTimeout)
                {
                    throw new InvalidOperationException(
                        $"the silo executable did not print '{ReadyLine.Trim()}' ({(process.HasExited ? "it exited" : $"{StartTimeout.TotalSeconds:F0} s passed")}): {Tail(process.Output)}");
                }

                await Task.Delay(100, cancellationToken);
            }

            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        Http.Dispose();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Tail(string output) => string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(5));
}

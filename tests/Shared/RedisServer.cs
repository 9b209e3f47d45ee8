namespace ChatDb.Tests.Shared;

/// <summary>
/// A throw-away Redis (Debian's <c>redis-server</c>, which .ci/run installs) on 127.0.0.1 and a port of its own,
/// keeping nothing on disk; stopped by id on dispose.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly ServerProcess _process;

    private RedisServer(ServerProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What <c>Cluster:ConnectionString</c> says for it.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var executable = ServerProcess.OnPath("redis-server") ?? "/usr/bin/redis-server";
        var port = LoopbackPorts.Next();
        var process = ServerProcess.Start("redis-server", executable,
            ["--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--daemonize", "no"]);
        var server = new RedisServer(process, port);
        try
        {
            await LoopbackPorts.WaitForListenerAsync(port, StartTimeout, () => process.HasExited, () => $"redis-server (pid {process.Id}): {process.Output}");
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Dispose() => _process.Dispose();
}

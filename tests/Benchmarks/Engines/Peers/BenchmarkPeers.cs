using ChatDb.Benchmarks.Engines.Postgres;

namespace ChatDb.Benchmarks.Engines.Peers;

/// <summary>
/// The run's peers: SQLite, and one PostgreSQL server started by the first scenario that asks for it (and only
/// tried once: when it cannot start, every scenario reports the same reason). Stops the server when disposed.
/// </summary>
public sealed class BenchmarkPeers : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SqliteChatPeer _sqlite = new();
    private PeerSet? _set;
    private PostgresServer? _server;

    /// <summary>The running server's version, or null when it is not running (for the report's machine block).</summary>
    public string? PostgresVersion => _server?.Version;

    public async Task<PeerSet> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _set ??= await StartAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    private async Task<PeerSet> StartAsync(CancellationToken cancellationToken)
    {
        var bin = PostgresServer.FindBinDirectory();
        if (bin is null)
        {
            return new PeerSet(_sqlite, null, "not installed (no initdb in PATH or /usr/lib/postgresql/*/bin)");
        }

        try
        {
            Console.WriteLine($"starting PostgreSQL from {bin} ...");
            _server = await PostgresServer.StartAsync(bin, cancellationToken);
            Console.WriteLine($"  PostgreSQL {_server.Version} on 127.0.0.1:{_server.Port}");
            return new PeerSet(_sqlite, new PostgresChatPeer(_server), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Console.WriteLine($"  PostgreSQL did not start: {e.Message}");
            return new PeerSet(_sqlite, null, "could not be started: " + e.Message);
        }
    }
}

using ChatDb.Benchmarks.Engines;
using ChatDb.Benchmarks.Engines.Peers;
using ChatDb.Storage.Flatfile.Options;
using Microsoft.Data.Sqlite;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// The data the read scenarios share, built once per run: <see cref="Sessions"/> sessions of
/// <see cref="Messages"/> messages each (10 × 10,000; quick mode 5 × 1,000), in a ChatDb data directory
/// and in a database of every peer with the same messages.
/// </summary>
public sealed class ReadFixture : IAsyncDisposable
{
    private string _directory = string.Empty;
    private readonly List<(IChatPeer Peer, IPeerDatabase Database)> _databases = [];

    public int Sessions { get; private set; }

    public int Messages { get; private set; }

    public string[] ChatDbKeys { get; private set; } = [];

    public ChatDbSilo? Silo { get; private set; }

    /// <summary>The peers the data was written to, with their PostgreSQL reason when that one is missing.</summary>
    public PeerSet? Peers { get; private set; }

    public static string PeerSession(int index) => $"session_{index}";

    /// <summary>The database holding the read data on <paramref name="peer"/>.</summary>
    public IPeerDatabase Database(IChatPeer peer) => _databases.Single(d => d.Peer == peer).Database;

    public async Task<ReadFixture> EnsureAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        if (Silo is not null)
        {
            return this;
        }

        Sessions = context.Scale(5, 10);
        Messages = context.Scale(1_000, 10_000);
        _directory = context.NewDirectory("read-chatdb");
        Silo = await ChatDbSilo.StartAsync(_directory, Durability.OsBuffered);
        ChatDbKeys = await ChatFixtures.CreateSessionsAsync(Silo.Grains, "reader", Sessions);
        await ChatFixtures.FillAsync(Silo.Grains, ChatDbKeys, Messages);

        Peers = await context.Peers.GetAsync(cancellationToken);
        foreach (var peer in Peers.Available)
        {
            var database = await peer.CreateDatabaseAsync(context, "read", cancellationToken);
            _databases.Add((peer, database));
            await using var store = await database.OpenAsync(durable: false, cancellationToken);
            for (var s = 0; s < Sessions; s++)
            {
                await store.InsertSessionAsync(PeerSession(s), "reader", $"Benchmark chat {s}", cancellationToken);
                // One transaction per 1,000 messages: the fill is not timed.
                for (var first = 1; first <= Messages; first += 1_000)
                {
                    var rows = Enumerable.Range(first, Math.Min(1_000, Messages - first + 1)).Select(seq => PeerRow.Numbered(seq)).ToArray();
                    await store.InsertMessagesAsync(PeerSession(s), rows, cancellationToken);
                }
            }
        }

        return this;
    }

    /// <summary>Stops the silo and starts it again on the same files: every session grain is cold afterwards.</summary>
    public async Task<ChatDbSilo> RestartAsync()
    {
        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }

        Silo = await ChatDbSilo.StartAsync(_directory, Durability.OsBuffered);
        return Silo;
    }

    public async ValueTask DisposeAsync()
    {
        if (Silo is not null)
        {
            await Silo.DisposeAsync();
            Silo = null;
        }

        foreach (var (_, database) in _databases)
        {
            await database.DisposeAsync();
        }

        _databases.Clear();
        SqliteConnection.ClearAllPools();
    }
}

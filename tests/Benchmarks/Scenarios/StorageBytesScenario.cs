using ChatDb.Benchmarks.Engines;
using ChatDb.Benchmarks.Engines.Peers;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// Bytes on disk per message with 200 characters of content: 10,000 messages in 10 sessions, size of
/// the files after the engine closed, minus the size with the sessions but no messages. SQLite's WAL is
/// checkpointed into the database first; PostgreSQL's figure is its tables' size with indexes and TOAST
/// (<c>pg_total_relation_size</c>), the WAL not counted. Neither peer has a full-text index here, since ChatDb
/// keeps no search index either.
/// </summary>
public sealed class StorageBytesScenario : IScenario
{
    private const int Sessions = 10;
    private const int PerSession = 1_000;

    public string Name => "storage_bytes_per_message";

    public string Unit => "bytes";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(0.5);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var chatdbDirectory = context.NewDirectory(Name + "-chatdb");
        string[] keys;
        await using (var silo = await ChatDbSilo.StartAsync(chatdbDirectory, Durability.OsBuffered))
        {
            keys = await ChatFixtures.CreateSessionsAsync(silo.Grains, "sizer", Sessions);
        }

        var emptyChatDb = Measure.DirectorySize(chatdbDirectory);
        await using (var silo = await ChatDbSilo.StartAsync(chatdbDirectory, Durability.OsBuffered))
        {
            await ChatFixtures.FillAsync(silo.Grains, keys, PerSession);
        }

        var chatdb = (double)(Measure.DirectorySize(chatdbDirectory) - emptyChatDb) / (Sessions * PerSession);

        var peers = await context.Peers.GetAsync(cancellationToken);
        return await peers.MeasureEachAsync(chatdb, peer => PeerBytesPerMessageAsync(context, peer, cancellationToken));
    }

    private async Task<double> PeerBytesPerMessageAsync(BenchmarkContext context, IChatPeer peer, CancellationToken cancellationToken)
    {
        await using var database = await peer.CreateDatabaseAsync(context, Name, cancellationToken);
        await using (var store = await database.OpenAsync(durable: false, cancellationToken))
        {
            for (var s = 0; s < Sessions; s++)
            {
                await store.InsertSessionAsync($"session_{s}", "sizer", $"Benchmark chat {s}", cancellationToken);
            }
        }

        var empty = await database.SizeBytesAsync(cancellationToken);
        await using (var store = await database.OpenAsync(durable: false, cancellationToken))
        {
            for (var s = 0; s < Sessions; s++)
            {
                await store.InsertMessagesAsync($"session_{s}", [.. Enumerable.Range(1, PerSession).Select(i => PeerRow.Numbered(i))], cancellationToken);
            }
        }

        return (double)(await database.SizeBytesAsync(cancellationToken) - empty) / (Sessions * PerSession);
    }
}

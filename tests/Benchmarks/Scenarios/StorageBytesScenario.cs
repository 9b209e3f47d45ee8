using ChatDb.Benchmarks.Engines;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// Bytes on disk per message with 200 characters of content: 10,000 messages in 10 sessions, size of
/// the files after the engine closed, minus the size with the sessions but no messages. SQLite's WAL is
/// checkpointed into the database first; its schema has no FTS5 table here, since ChatDb keeps no search
/// index either.
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

        var sqliteDirectory = context.NewDirectory(Name + "-sqlite");
        var path = Path.Combine(sqliteDirectory, "chat.db");
        using (var store = new SqliteChatStore(path, synchronousFull: false))
        {
            for (var s = 0; s < Sessions; s++)
            {
                store.InsertSession($"session_{s}", "sizer", $"Benchmark chat {s}");
            }

            Checkpoint(store);
        }

        var emptySqlite = Measure.DirectorySize(sqliteDirectory);
        using (var store = new SqliteChatStore(path, synchronousFull: false))
        {
            for (var s = 0; s < Sessions; s++)
            {
                using var transaction = store.Connection.BeginTransaction();
                for (var i = 0; i < PerSession; i++)
                {
                    store.InsertMessage($"session_{s}", i + 1, i % 2 == 0 ? "user" : "assistant", MessagePayload.Content(i), transaction);
                }

                transaction.Commit();
            }

            Checkpoint(store);
        }

        var sqlite = (double)(Measure.DirectorySize(sqliteDirectory) - emptySqlite) / (Sessions * PerSession);
        return new ScenarioResult(chatdb, sqlite);
    }

    private static void Checkpoint(SqliteChatStore store)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        command.ExecuteNonQuery();
    }
}

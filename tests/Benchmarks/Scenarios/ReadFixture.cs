using ChatDb.Benchmarks.Engines;
using ChatDb.Storage.Flatfile.Options;
using Microsoft.Data.Sqlite;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// The data the read scenarios share, built once per run: <see cref="Sessions"/> sessions of
/// <see cref="Messages"/> messages each (10 × 10,000; quick mode 5 × 1,000), in a ChatDb data directory
/// and in a SQLite database with the same messages.
/// </summary>
public sealed class ReadFixture : IAsyncDisposable
{
    private string _directory = string.Empty;

    public int Sessions { get; private set; }

    public int Messages { get; private set; }

    public string[] ChatDbKeys { get; private set; } = [];

    public string SqlitePath { get; private set; } = string.Empty;

    public ChatDbSilo? Silo { get; private set; }

    public static string SqliteSession(int index) => $"session_{index}";

    public async Task<ReadFixture> EnsureAsync(BenchmarkContext context)
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

        SqlitePath = Path.Combine(context.NewDirectory("read-sqlite"), "chat.db");
        using var store = new SqliteChatStore(SqlitePath, synchronousFull: false);
        for (var s = 0; s < Sessions; s++)
        {
            store.InsertSession(SqliteSession(s), "reader", $"Benchmark chat {s}");
            using var transaction = store.Connection.BeginTransaction();
            for (var i = 0; i < Messages; i++)
            {
                store.InsertMessage(SqliteSession(s), i + 1, i % 2 == 0 ? "user" : "assistant", MessagePayload.Content(i), transaction);
            }

            transaction.Commit();
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

        SqliteConnection.ClearAllPools();
    }
}

using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// One writer appends batches of <see cref="BatchSize"/> messages to one session for a fixed time, each
/// batch waiting for the one before. ChatDb: <see cref="ISessionGrain.AddMessagesAsync"/> (one durable
/// write of the log per batch) through the in-process grain factory, Fsync durability. SQLite: one
/// transaction of <see cref="BatchSize"/> rows, synchronous=FULL. Figure: messages per second.
/// </summary>
public sealed class BatchAppendScenario : IScenario
{
    public const int BatchSize = 100;

    public string Name => "batch_append_100";

    public string Unit => "msgs/s";

    public bool HigherIsBetter => true;

    public ScenarioGoal Goal => new(1.0);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await RunChatDbAsync(context, context.WarmUp);
        await RunSqliteAsync(context, context.WarmUp);
        var (chatdb, sqlite) = await Measure.AlternateAsync(
            context.Rounds, () => RunChatDbAsync(context, context.Duration), () => RunSqliteAsync(context, context.Duration));
        return new ScenarioResult(chatdb, sqlite);
    }

    private static NewMessage[] Batch(long first) =>
        [.. Enumerable.Range(0, BatchSize).Select(i => ChatFixtures.Message((int)(first + i)))];

    private async Task<double> RunChatDbAsync(BenchmarkContext context, TimeSpan duration)
    {
        await using var silo = await ChatDbSilo.StartAsync(context.NewDirectory(Name + "-chatdb"), Durability.Fsync);
        var key = (await ChatFixtures.CreateSessionsAsync(silo.Grains, "batch", 1))[0];
        var session = silo.Grains.GetGrain<ISessionGrain>(key);
        await session.AddMessagesAsync(Batch(0));
        return await Measure.ThroughputAsync(duration, 1, async (_, stop) =>
        {
            var appended = 0L;
            while (!stop.IsCancellationRequested)
            {
                await session.AddMessagesAsync(Batch(appended));
                appended += BatchSize;
            }

            return appended;
        });
    }

    private async Task<double> RunSqliteAsync(BenchmarkContext context, TimeSpan duration)
    {
        var path = Path.Combine(context.NewDirectory(Name + "-sqlite"), "chat.db");
        using var store = new SqliteChatStore(path, synchronousFull: true);
        store.InsertSession("session_0", "batch_0", "Benchmark chat 0");
        var sequence = 0L;
        void InsertBatch()
        {
            using var transaction = store.Connection.BeginTransaction();
            for (var i = 0; i < BatchSize; i++)
            {
                sequence++;
                store.InsertMessage("session_0", sequence, sequence % 2 == 0 ? "user" : "assistant", MessagePayload.Content((int)sequence), transaction);
            }

            transaction.Commit();
        }

        InsertBatch();
        return await Measure.ThroughputAsync(duration, 1, (_, stop) =>
        {
            var appended = 0L;
            while (!stop.IsCancellationRequested)
            {
                InsertBatch();
                appended += BatchSize;
            }

            return Task.FromResult(appended);
        });
    }
}

using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// Appends for a fixed time by <c>writers</c> concurrent writers, each on its own session, each waiting
/// for its append before the next. ChatDb: <see cref="ISessionGrain.AddMessageAsync"/> through the
/// in-process grain factory. SQLite: one connection per writer on one database, one message per
/// transaction, synchronous=FULL (durable) or NORMAL (buffered).
/// </summary>
public sealed class GrainAppendScenario(string name, int writers, bool durable, double goal) : IScenario
{
    public string Name => name;

    public string Unit => "msgs/s";

    public bool HigherIsBetter => true;

    public ScenarioGoal Goal => new(goal);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        // One untimed round each first, so the tiered JIT has promoted both engines' append paths.
        await RunChatDbAsync(context, context.WarmUp);
        await RunSqliteAsync(context, context.WarmUp);
        var (chatdb, sqlite) = await Measure.AlternateAsync(
            context.Rounds, () => RunChatDbAsync(context, context.Duration), () => RunSqliteAsync(context, context.Duration));
        return new ScenarioResult(chatdb, sqlite);
    }

    private async Task<double> RunChatDbAsync(BenchmarkContext context, TimeSpan duration)
    {
        await using var silo = await ChatDbSilo.StartAsync(context.NewDirectory(Name + "-chatdb"), durable ? Durability.Fsync : Durability.OsBuffered);
        var keys = await ChatFixtures.CreateSessionsAsync(silo.Grains, "writer", writers);
        var sessions = keys.Select(key => silo.Grains.GetGrain<ISessionGrain>(key)).ToArray();
        await Task.WhenAll(sessions.Select(async s =>
        {
            for (var i = 0; i < 5; i++)
            {
                await s.AddMessageAsync(ChatFixtures.Message(i));
            }
        }));

        return await Measure.ThroughputAsync(duration, writers, async (writer, stop) =>
        {
            var appended = 0L;
            while (!stop.IsCancellationRequested)
            {
                await sessions[writer].AddMessageAsync(ChatFixtures.Message((int)appended++));
            }

            return appended;
        });
    }

    private async Task<double> RunSqliteAsync(BenchmarkContext context, TimeSpan duration)
    {
        var path = Path.Combine(context.NewDirectory(Name + "-sqlite"), "chat.db");
        var stores = Enumerable.Range(0, writers).Select(_ => new SqliteChatStore(path, synchronousFull: durable)).ToArray();
        try
        {
            var sequences = new long[writers];
            for (var w = 0; w < writers; w++)
            {
                stores[w].InsertSession($"session_{w}", $"writer_{w}", $"Benchmark chat {w}");
                for (var i = 0; i < 5; i++)
                {
                    stores[w].InsertMessage($"session_{w}", ++sequences[w], "user", MessagePayload.Content(i));
                }
            }

            return await Measure.ThroughputAsync(duration, writers, (writer, stop) =>
            {
                var appended = 0L;
                while (!stop.IsCancellationRequested)
                {
                    stores[writer].InsertMessage($"session_{writer}", ++sequences[writer], appended % 2 == 0 ? "user" : "assistant", MessagePayload.Content((int)appended));
                    appended++;
                }

                return Task.FromResult(appended);
            });
        }
        finally
        {
            foreach (var store in stores)
            {
                store.Dispose();
            }
        }
    }
}

using ChatDb.Benchmarks.Engines;
using ChatDb.Benchmarks.Engines.Peers;
using ChatDb.Grains;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// Appends for a fixed time by <c>writers</c> concurrent writers, each on its own session, each waiting
/// for its append before the next. ChatDb: <see cref="ISessionGrain.AddMessageAsync"/> through the
/// in-process grain factory. Each peer: one connection per writer on one database, one message per
/// transaction; SQLite synchronous=FULL (durable) or NORMAL (buffered), PostgreSQL synchronous_commit on or off.
/// </summary>
public sealed class GrainAppendScenario(string name, int writers, bool durable, double goal) : IScenario
{
    public string Name => name;

    public string Unit => "msgs/s";

    public bool HigherIsBetter => true;

    public ScenarioGoal Goal => new(goal);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var peers = await context.Peers.GetAsync(cancellationToken);
        // One untimed round each first, so the tiered JIT has promoted every engine's append path.
        await RunChatDbAsync(context, context.WarmUp);
        foreach (var peer in peers.Available)
        {
            await RunPeerAsync(context, peer, context.WarmUp, cancellationToken);
        }

        var figures = await Measure.AlternateAsync(context.Rounds,
        [
            () => RunChatDbAsync(context, context.Duration),
            .. peers.Available.Select(peer => (Func<Task<double>>)(() => RunPeerAsync(context, peer, context.Duration, cancellationToken))),
        ]);
        return peers.Result(figures);
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

    private async Task<double> RunPeerAsync(BenchmarkContext context, IChatPeer peer, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var database = await peer.CreateDatabaseAsync(context, Name, cancellationToken);
        var stores = new IChatStore[writers];
        try
        {
            for (var w = 0; w < writers; w++)
            {
                stores[w] = await database.OpenAsync(durable, cancellationToken);
            }

            var sequences = new long[writers];
            for (var w = 0; w < writers; w++)
            {
                await stores[w].InsertSessionAsync($"session_{w}", $"writer_{w}", $"Benchmark chat {w}", cancellationToken);
                for (var i = 0; i < 5; i++)
                {
                    await stores[w].InsertMessageAsync($"session_{w}", PeerRow.Numbered(++sequences[w]), cancellationToken);
                }
            }

            return await Measure.ThroughputAsync(duration, writers, async (writer, stop) =>
            {
                var appended = 0L;
                while (!stop.IsCancellationRequested)
                {
                    await stores[writer].InsertMessageAsync($"session_{writer}", PeerRow.Numbered(++sequences[writer]), CancellationToken.None);
                    appended++;
                }

                return appended;
            });
        }
        finally
        {
            foreach (var store in stores.OfType<IChatStore>())
            {
                await store.DisposeAsync();
            }
        }
    }
}

using ChatDb.Benchmarks.Engines;
using ChatDb.Benchmarks.Engines.Peers;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// One writer appends batches of <see cref="BatchSize"/> messages to one session for a fixed time, each
/// batch waiting for the one before. ChatDb: <see cref="ISessionGrain.AddMessagesAsync"/> (one durable
/// write of the log per batch) through the in-process grain factory, Fsync durability. Each peer: one
/// transaction of <see cref="BatchSize"/> rows on a durable connection (SQLite synchronous=FULL, inserted one by one
/// on the caller's thread; PostgreSQL synchronous_commit=on, the batch's inserts sent in one round trip).
/// Figure: messages per second.
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
        var peers = await context.Peers.GetAsync(cancellationToken);
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

    private async Task<double> RunPeerAsync(BenchmarkContext context, IChatPeer peer, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var database = await peer.CreateDatabaseAsync(context, Name, cancellationToken);
        await using var store = await database.OpenAsync(durable: true, cancellationToken);
        await store.InsertSessionAsync("session_0", "batch_0", "Benchmark chat 0", cancellationToken);
        var sequence = 0L;
        Task InsertBatchAsync()
        {
            var rows = new PeerRow[BatchSize];
            for (var i = 0; i < BatchSize; i++)
            {
                rows[i] = PeerRow.Numbered(++sequence);
            }

            return store.InsertMessagesAsync("session_0", rows, cancellationToken).AsTask();
        }

        await InsertBatchAsync();
        return await Measure.ThroughputAsync(duration, 1, async (_, stop) =>
        {
            var appended = 0L;
            while (!stop.IsCancellationRequested)
            {
                await InsertBatchAsync();
                appended += BatchSize;
            }

            return appended;
        });
    }
}

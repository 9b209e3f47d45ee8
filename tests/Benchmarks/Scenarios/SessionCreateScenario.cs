using System.Globalization;
using ChatDb.Benchmarks.Engines;
using ChatDb.Benchmarks.Engines.Peers;
using ChatDb.Grains;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// Median latency of creating one session with a title, durably: ChatDb's
/// <see cref="IUserGrain.CreateSessionAsync"/> with Fsync (session.json and the user's session index);
/// each peer inserts a row into <c>sessions</c> on a durable connection (SQLite synchronous=FULL, PostgreSQL
/// synchronous_commit=on). A new user every 100 sessions keeps all at a realistic sessions-per-user count.
/// </summary>
public sealed class SessionCreateScenario : IScenario
{
    private const int SessionsPerUser = 100;

    public string Name => "session_create";

    public string Unit => "us";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(1.0);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var peers = await context.Peers.GetAsync(cancellationToken);
        var creates = context.Scale(100, 300);
        var figures = await Measure.AlternateAsync(context.Rounds,
        [
            () => ChatDbAsync(context, creates),
            .. peers.Available.Select(peer => (Func<Task<double>>)(() => PeerAsync(context, peer, creates, cancellationToken))),
        ]);
        return peers.Result(figures);
    }

    private async Task<double> ChatDbAsync(BenchmarkContext context, int creates)
    {
        await using var silo = await ChatDbSilo.StartAsync(context.NewDirectory(Name + "-chatdb"), Durability.Fsync);
        var created = 0;
        return await Measure.MedianMicrosecondsAsync(creates, async () =>
        {
            var user = silo.Grains.GetGrain<IUserGrain>($"creator_{created / SessionsPerUser}");
            await user.CreateSessionAsync($"Benchmark chat {created++}", null);
        }, warmup: 10);
    }

    private async Task<double> PeerAsync(BenchmarkContext context, IChatPeer peer, int creates, CancellationToken cancellationToken)
    {
        await using var database = await peer.CreateDatabaseAsync(context, Name, cancellationToken);
        await using var store = await database.OpenAsync(durable: true, cancellationToken);
        var created = 0;
        return await Measure.MedianMicrosecondsAsync(creates, async () =>
        {
            var id = "chat_session_" + DateTimeOffset.UtcNow.ToString("yyyyMMdd_HHmmss_ffffff", CultureInfo.InvariantCulture) + "_" + created;
            await store.InsertSessionAsync(id, $"creator_{created / SessionsPerUser}", $"Benchmark chat {created}", cancellationToken);
            created++;
        }, warmup: 10);
    }
}

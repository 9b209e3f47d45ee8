using System.Globalization;
using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// Median latency of creating one session with a title, durably: ChatDb's
/// <see cref="IUserGrain.CreateSessionAsync"/> with Fsync (session.json and the user's session index);
/// SQLite inserts a row into <c>sessions</c> with synchronous=FULL. A new user every 100 sessions keeps
/// both at a realistic sessions-per-user count.
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
        var creates = context.Scale(100, 300);
        var (chatdb, sqlite) = await Measure.AlternateAsync(context.Rounds, () => ChatDbAsync(context, creates), () => SqliteAsync(context, creates));
        return new ScenarioResult(chatdb, sqlite);
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

    private async Task<double> SqliteAsync(BenchmarkContext context, int creates)
    {
        using var store = new SqliteChatStore(Path.Combine(context.NewDirectory(Name + "-sqlite"), "chat.db"), synchronousFull: true);
        var created = 0;
        return await Measure.MedianMicrosecondsAsync(creates, () =>
        {
            var id = "chat_session_" + DateTimeOffset.UtcNow.ToString("yyyyMMdd_HHmmss_ffffff", CultureInfo.InvariantCulture) + "_" + created;
            store.InsertSession(id, $"creator_{created / SessionsPerUser}", $"Benchmark chat {created}");
            created++;
            return Task.CompletedTask;
        }, warmup: 10);
    }
}

using ChatDb.Benchmarks.Engines.Peers;
using ChatDb.Grains;
using ChatDb.Grains.Models;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>Which read a <see cref="ReadScenario"/> measures.</summary>
public enum ReadKind
{
    /// <summary>The newest 100 messages, the session grain active.</summary>
    LastHot,

    /// <summary>The newest 100 messages, first call after the silo restarted (grain not active).</summary>
    LastCold,

    /// <summary>100 messages at offset (messages - 100) from the oldest, the grain active.</summary>
    PageDeep,
}

/// <summary>
/// Median latency of one read of 100 messages over the shared <see cref="ReadFixture"/>. ChatDb reads
/// through <see cref="ISessionGrain.GetMessagesAsync"/>; each peer runs the matching indexed SELECT on
/// (session, seq) and materialises the rows. For the cold read, ChatDb restarts its silo before each
/// round (every session grain deactivated, files kept) and times each session's first read; each peer
/// opens a new connection for each timed read and the time includes opening it (and, for PostgreSQL,
/// preparing the store's statements on it: a new server backend, with empty caches, for every read).
/// </summary>
public sealed class ReadScenario(string name, ReadKind kind, double goal, ReadFixture fixture) : IScenario
{
    private const int Page = 100;

    public string Name => name;

    public string Unit => "us";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(goal);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await fixture.EnsureAsync(context, cancellationToken);
        var peers = fixture.Peers!;
        var iterations = context.Scale(200, 1_000);
        var query = kind == ReadKind.PageDeep
            ? new MessageQuery { Offset = fixture.Messages - Page, Limit = Page }
            : new MessageQuery { Latest = true, Limit = Page };
        var figures = await Measure.AlternateAsync(context.Rounds,
        [
            () => kind == ReadKind.LastCold ? ChatDbColdAsync(query) : ChatDbHotAsync(query, iterations),
            .. peers.Available.Select(peer => (Func<Task<double>>)(() =>
                kind == ReadKind.LastCold ? PeerColdAsync(fixture.Database(peer), cancellationToken) : PeerHotAsync(fixture.Database(peer), iterations, cancellationToken))),
        ]);
        return peers.Result(figures);
    }

    private Task<double> ChatDbHotAsync(MessageQuery query, int iterations)
    {
        var sessions = fixture.ChatDbKeys.Select(key => fixture.Silo!.Grains.GetGrain<ISessionGrain>(key)).ToArray();
        var next = 0;
        return Measure.MedianMicrosecondsAsync(iterations, async () => Check(await sessions[next++ % sessions.Length].GetMessagesAsync(query)));
    }

    private async Task<double> ChatDbColdAsync(MessageQuery query)
    {
        var silo = await fixture.RestartAsync();
        var times = new List<double>();
        foreach (var key in fixture.ChatDbKeys)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Check(await silo.Grains.GetGrain<ISessionGrain>(key).GetMessagesAsync(query));
            times.Add(watch.Elapsed.TotalMicroseconds);
        }

        return Measure.Median(times);
    }

    private async Task<double> PeerHotAsync(IPeerDatabase database, int iterations, CancellationToken cancellationToken)
    {
        await using var store = await database.OpenAsync(durable: false, cancellationToken);
        var next = 0;
        return await Measure.MedianMicrosecondsAsync(iterations, async () =>
        {
            var session = ReadFixture.PeerSession(next++ % fixture.Sessions);
            Check(kind == ReadKind.PageDeep
                ? await store.ReadPageAsync(session, fixture.Messages - Page, Page, cancellationToken)
                : await store.ReadLastAsync(session, Page, cancellationToken));
        });
    }

    private async Task<double> PeerColdAsync(IPeerDatabase database, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        for (var s = 0; s < fixture.Sessions; s++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await using var store = await database.OpenAsync(durable: false, cancellationToken);
            Check(await store.ReadLastAsync(ReadFixture.PeerSession(s), Page, cancellationToken));
            times.Add(watch.Elapsed.TotalMicroseconds);
        }

        return Measure.Median(times);
    }

    private static void Check<T>(IReadOnlyCollection<T> page)
    {
        if (page.Count != Page)
        {
            throw new InvalidOperationException($"a read returned {page.Count} messages instead of {Page}.");
        }
    }
}

using ChatDb.Benchmarks.Engines;
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
/// through <see cref="ISessionGrain.GetMessagesAsync"/>; SQLite runs the matching indexed SELECT on
/// (session, seq) and materialises the rows. For the cold read, ChatDb restarts its silo before each
/// round (every session grain deactivated, files kept) and times each session's first read; SQLite
/// opens a new connection for each timed read and the time includes opening it.
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
        await fixture.EnsureAsync(context);
        var iterations = context.Scale(200, 1_000);
        var query = kind == ReadKind.PageDeep
            ? new MessageQuery { Offset = fixture.Messages - Page, Limit = Page }
            : new MessageQuery { Latest = true, Limit = Page };
        var (chatdb, sqlite) = await Measure.AlternateAsync(
            context.Rounds,
            () => kind == ReadKind.LastCold ? ChatDbColdAsync(query) : ChatDbHotAsync(query, iterations),
            () => kind == ReadKind.LastCold ? SqliteColdAsync() : SqliteHotAsync(iterations));
        return new ScenarioResult(chatdb, sqlite);
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

    private async Task<double> SqliteHotAsync(int iterations)
    {
        using var store = new SqliteChatStore(fixture.SqlitePath, synchronousFull: false);
        var next = 0;
        return await Measure.MedianMicrosecondsAsync(iterations, () =>
        {
            var session = ReadFixture.SqliteSession(next++ % fixture.Sessions);
            Check(kind == ReadKind.PageDeep ? store.ReadPage(session, fixture.Messages - Page, Page) : store.ReadLast(session, Page));
            return Task.CompletedTask;
        });
    }

    private Task<double> SqliteColdAsync()
    {
        var times = new List<double>();
        for (var s = 0; s < fixture.Sessions; s++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var store = new SqliteChatStore(fixture.SqlitePath, synchronousFull: false);
            Check(store.ReadLast(ReadFixture.SqliteSession(s), Page));
            times.Add(watch.Elapsed.TotalMicroseconds);
        }

        return Task.FromResult(Measure.Median(times));
    }

    private static void Check<T>(IReadOnlyCollection<T> page)
    {
        if (page.Count != Page)
        {
            throw new InvalidOperationException($"a read returned {page.Count} messages instead of {Page}.");
        }
    }
}

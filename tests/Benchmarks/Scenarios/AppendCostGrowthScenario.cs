using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// ChatDb only: median append latency in a long session divided by that in a 1,000-message session
/// (1,000,000 messages; quick mode 50,000). Above 1 means appends get dearer as a session grows.
/// OsBuffered, so fsync noise does not hide the CPU and I/O cost that could grow with the log.
/// </summary>
public sealed class AppendCostGrowthScenario : IScenario
{
    private const int SmallSession = 1_000;

    public string Name => "append_cost_growth";

    public string Unit => "ratio";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(1.2, AtMost: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var large = context.Scale(50_000, 1_000_000);
        await using var silo = await ChatDbSilo.StartAsync(context.NewDirectory(Name), Durability.OsBuffered);
        var keys = await ChatFixtures.CreateSessionsAsync(silo.Grains, "grower", 2);
        await Task.WhenAll(
            ChatFixtures.FillAsync(silo.Grains, [keys[0]], SmallSession),
            ChatFixtures.FillAsync(silo.Grains, [keys[1]], large));

        var small = silo.Grains.GetGrain<ISessionGrain>(keys[0]);
        var big = silo.Grains.GetGrain<ISessionGrain>(keys[1]);
        var appends = context.Scale(300, 1_000);
        var (bigLatency, smallLatency) = await Measure.AlternateAsync(
            context.Rounds,
            () => Measure.MedianMicrosecondsAsync(appends, () => big.AddMessageAsync(ChatFixtures.Message(1))),
            () => Measure.MedianMicrosecondsAsync(appends, () => small.AddMessageAsync(ChatFixtures.Message(1))));
        return new ScenarioResult(bigLatency / smallLatency);
    }
}

using ChatDb.Benchmarks.Engines;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// ChatDb only: managed heap bytes per activation of <see cref="EmptyGrain"/>, a grain with no state and no
/// fields, activated by one call each, 100,000 of them (quick mode 2,000) on the same silo as
/// <see cref="IdleActivationBytesScenario"/>: Orleans' own floor per activation, so the session's share of
/// that scenario's figure can be told apart.
/// </summary>
public sealed class EmptyActivationBytesScenario : IScenario
{
    public string Name => "empty_activation_bytes";

    public string Unit => "bytes";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(4_096, AtMost: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var keys = Enumerable.Range(0, context.Scale(2_000, 100_000)).Select(i => $"empty_{i}").ToArray();
        await using var silo = await ChatDbSilo.StartAsync(context.NewDirectory(Name), Durability.OsBuffered);
        return new ScenarioResult(await Measure.HeapBytesPerActivationAsync(keys, async key =>
            await silo.Grains.GetGrain<IEmptyGrain>(key).PingAsync()));
    }
}

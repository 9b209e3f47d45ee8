using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// ChatDb only: managed heap bytes each idle session activation holds, at 100,000 activations (quick
/// mode 2,000), Orleans' own share included (<see cref="EmptyActivationBytesScenario"/> gives that floor).
/// The sessions are created (100 per user), the silo restarted so none is active, and every session
/// activated with one <see cref="ISessionGrain.GetAsync"/> (<see cref="Measure.HeapBytesPerActivationAsync"/>).
/// </summary>
public sealed class IdleActivationBytesScenario : IScenario
{
    public string Name => "idle_activation_bytes";

    public string Unit => "bytes";

    public bool HigherIsBetter => false;

    /// <summary>4 KB per idle session on Orleans, Orleans' own share included.</summary>
    public ScenarioGoal Goal => new(4_096, AtMost: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var count = context.Scale(2_000, 100_000);
        var directory = context.NewDirectory(Name);
        string[] keys;
        await using (var filling = await ChatDbSilo.StartAsync(directory, Durability.OsBuffered))
        {
            keys = await ChatFixtures.CreateSessionsAsync(filling.Grains, "idle", count, perUser: 100);
        }

        await using var silo = await ChatDbSilo.StartAsync(directory, Durability.OsBuffered);
        return new ScenarioResult(await Measure.HeapBytesPerActivationAsync(keys, async key =>
            await silo.Grains.GetGrain<ISessionGrain>(key).GetAsync()));
    }
}

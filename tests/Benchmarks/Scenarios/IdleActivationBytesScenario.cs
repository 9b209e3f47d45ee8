using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// ChatDb only: managed heap bytes each idle session activation holds, at 100,000 activations (quick
/// mode 2,000). The sessions are created (100 per user), the silo restarted so none is active, a
/// full GC taken, every session activated with one <see cref="ISessionGrain.GetAsync"/>, a full GC
/// taken again; the growth divided by the number of sessions.
/// </summary>
public sealed class IdleActivationBytesScenario : IScenario
{
    public string Name => "idle_activation_bytes";

    public string Unit => "bytes";

    public bool HigherIsBetter => false;

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
        // One activation first so the per-type caches (storage paths, scheduler structures) are not counted.
        await silo.Grains.GetGrain<ISessionGrain>(keys[0]).GetAsync();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await Parallel.ForEachAsync(keys.Skip(1), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (key, _) =>
            await silo.Grains.GetGrain<ISessionGrain>(key).GetAsync());
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(keys);
        return new ScenarioResult((double)(after - before) / (count - 1));
    }
}

using ChatDb.Benchmarks.Engines;
using ChatDb.Storage.Flatfile.Options;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace ChatDb.Benchmarks.Scenarios.Cluster;

/// <summary>
/// Measures once for both <see cref="CrossSiloCallScenario"/>s: two silos of one cluster in this process
/// (<see cref="ChatDbLocalCluster"/>: development clustering on loopback), stateless probe grains placed at random,
/// and from the first silo's grain factory the same call to probes active on the other silo and on the caller's own.
/// </summary>
public sealed class CrossSiloCallFixture
{
    private Task<(double Remote, double Local)>? _measured;

    public Task<(double Remote, double Local)> GetAsync(BenchmarkContext context) => _measured ??= MeasureAsync(context);

    private static async Task<(double Remote, double Local)> MeasureAsync(BenchmarkContext context)
    {
        await using var cluster = await ChatDbLocalCluster.StartAsync(2, context.NewDirectory("cross_silo_call"), Durability.OsBuffered);
        var caller = cluster.Silos[0];
        var here = caller.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();

        // Random placement puts about half the probes on each silo; a few of each kind are enough.
        var local = new List<IPlacementProbeGrain>();
        var remote = new List<IPlacementProbeGrain>();
        for (var id = 0L; id < 1_000 && (local.Count < 8 || remote.Count < 8); id++)
        {
            var probe = caller.Grains.GetGrain<IPlacementProbeGrain>(id);
            (await probe.WhereAsync() == here ? local : remote).Add(probe);
        }

        if (local.Count == 0 || remote.Count == 0)
        {
            throw new InvalidOperationException($"1,000 probes placed at random gave {local.Count} local and {remote.Count} remote activations; both kinds are needed.");
        }

        var next = 0;
        Func<Task> remoteCall = async () => await remote[next++ % remote.Count].PingAsync();
        Func<Task> localCall = async () => await local[next++ % local.Count].PingAsync();
        await Measure.WarmUpAsync(context.WarmUp, async () =>
        {
            await remoteCall();
            await localCall();
        });

        var iterations = context.Scale(2_000, 20_000);
        return await Measure.AlternateAsync(context.Rounds,
            () => Measure.MedianMicrosecondsAsync(iterations, remoteCall, warmup: 0),
            () => Measure.MedianMicrosecondsAsync(iterations, localCall, warmup: 0));
    }
}

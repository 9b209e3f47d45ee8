using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Benchmarks.Scenarios.Cluster;

/// <summary>
/// Measures once for both <see cref="ClusterThroughputScenario"/>s: a cluster of 3 silos and one of 1 silo in this
/// process (<see cref="ChatDbLocalCluster"/>, each on its own data directory, Fsync), each driven through an Orleans
/// client connected to all its gateways, <see cref="Writers"/> writers on as many sessions (10 per user) appending one
/// message per call; the two clusters' rounds alternate.
/// </summary>
public sealed class ClusterThroughputFixture
{
    public const int Writers = 100;

    private Task<(double ThreeSilos, double OneSilo)>? _measured;

    public Task<(double ThreeSilos, double OneSilo)> GetAsync(BenchmarkContext context, CancellationToken cancellationToken) =>
        _measured ??= MeasureAsync(context, cancellationToken);

    private static async Task<(double ThreeSilos, double OneSilo)> MeasureAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await using var three = await ChatDbLocalCluster.StartAsync(3, context.NewDirectory("cluster_3_silos"), Durability.Fsync);
        await using var one = await ChatDbLocalCluster.StartAsync(1, context.NewDirectory("cluster_1_silo"), Durability.Fsync);
        await using var threeClient = await ChatDbGatewayClient.ConnectAsync(three.GatewayPorts, three.ClusterId, cancellationToken);
        await using var oneClient = await ChatDbGatewayClient.ConnectAsync(one.GatewayPorts, one.ClusterId, cancellationToken);
        var threeWriters = await WritersAsync(threeClient);
        var oneWriters = await WritersAsync(oneClient);

        await Measure.WarmUpAsync(context.WarmUp, async () =>
        {
            await threeWriters(TimeSpan.FromSeconds(0.5));
            await oneWriters(TimeSpan.FromSeconds(0.5));
        });
        return await Measure.AlternateAsync(context.Rounds, () => threeWriters(context.Duration), () => oneWriters(context.Duration));
    }

    /// <summary>Creates the sessions; returns a run of all writers for a given time, in messages per second.</summary>
    private static async Task<Func<TimeSpan, Task<double>>> WritersAsync(ChatDbGatewayClient client)
    {
        var keys = await ChatFixtures.CreateSessionsAsync(client.Grains, "cluster", Writers, perUser: 10);
        var sessions = keys.Select(k => client.Grains.GetGrain<ISessionGrain>(k)).ToArray();
        var numbers = new int[Writers];
        return duration => Measure.ThroughputAsync(duration, Writers, async (writer, stop) =>
        {
            var appended = 0L;
            while (!stop.IsCancellationRequested)
            {
                await sessions[writer].AddMessageAsync(ChatFixtures.Message(numbers[writer]++));
                appended++;
            }

            return appended;
        });
    }
}

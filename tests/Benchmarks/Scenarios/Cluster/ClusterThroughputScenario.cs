namespace ChatDb.Benchmarks.Scenarios.Cluster;

/// <summary>
/// ChatDb only: durable appends per second through an Orleans client across 100 sessions, on a cluster of 3 silos
/// (<c>cluster_throughput_3_silos</c>) and on 1 silo (<c>cluster_throughput_1_silo</c>), all silos in this process on
/// this machine's cores (<see cref="ClusterThroughputFixture"/>). On one machine more silos share the same CPU, so the
/// 3-silo figure shows the cost of the hops between them, not the gain of more machines.
/// </summary>
public sealed class ClusterThroughputScenario(string name, bool threeSilos, ClusterThroughputFixture fixture) : IScenario
{
    public string Name => name;

    public string Unit => "msgs/s";

    public bool HigherIsBetter => true;

    public ScenarioGoal Goal => new(1_000);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var (three, one) = await fixture.GetAsync(context, cancellationToken);
        return new ScenarioResult(threeSilos ? three : one);
    }
}

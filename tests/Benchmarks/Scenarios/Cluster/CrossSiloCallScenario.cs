namespace ChatDb.Benchmarks.Scenarios.Cluster;

/// <summary>
/// ChatDb only: median µs of a stateless grain call from one silo's grain factory to an activation on another silo of
/// the cluster (<c>cross_silo_call_us</c>), and of the same call to an activation on the calling silo
/// (<c>cross_silo_call_local_us</c>), measured in alternating rounds (<see cref="CrossSiloCallFixture"/>). The
/// difference is Orleans' silo-to-silo hop over loopback TCP: serialisation, the connection, the other silo's scheduler.
/// </summary>
public sealed class CrossSiloCallScenario(string name, bool remote, CrossSiloCallFixture fixture) : IScenario
{
    public string Name => name;

    public string Unit => "us";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => remote ? new(500, AtMost: true) : new(15, AtMost: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var (remoteUs, localUs) = await fixture.GetAsync(context);
        return new ScenarioResult(remote ? remoteUs : localUs);
    }
}

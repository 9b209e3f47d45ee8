namespace ChatDb.Benchmarks.Scenarios.Cluster;

/// <summary>
/// ChatDb only: seconds from a silo's SIGKILL until every writer of the failover proof was acknowledged again, the
/// median over the rounds (<c>cluster_failover_seconds</c>) and the longest (<c>cluster_failover_seconds_max</c>);
/// see <see cref="ClusterFailoverFixture"/>.
/// </summary>
public sealed class ClusterFailoverScenario(string name, bool max, ClusterFailoverFixture fixture) : IScenario
{
    public string Name => name;

    public string Unit => "s";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => max ? new(10, AtMost: true) : new(5, AtMost: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var (p50, longest, missing) = await fixture.GetAsync(context, cancellationToken);
        return missing is not null ? ScenarioResult.NotAvailable(missing) : new ScenarioResult(max ? longest : p50);
    }
}

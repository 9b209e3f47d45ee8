namespace ChatDb.Benchmarks.Scenarios.Agents;

/// <summary>
/// Milliseconds an agent run costs beyond its model calls (<see cref="AgentRunOverheadFixture"/>): the prompt built
/// from a session of 10,000 messages (<c>FitTokens</c>), one round of the <c>current_time</c> tool, four durable message
/// appends, the run record and the trace. The 50th or the 99th percentile of the timed runs. No SQLite peer: the goal
/// is on ChatDb's own figure (p50 at most 2 ms; the p99 carries the same goal for reference). The Fsync fixture is the
/// product default; the OsBuffered one leaves out the waits for stable storage, so it shows the run's own work.
/// </summary>
public sealed class AgentRunOverheadScenario(string name, bool percentile99, AgentRunOverheadFixture fixture) : IScenario
{
    public string Name => name;

    public string Unit => percentile99 ? "ms p99" : "ms p50";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(2.0, AtMost: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var sorted = (await fixture.GetAsync(context, cancellationToken)).Order().ToArray();
        var index = percentile99 ? Math.Min(sorted.Length - 1, (int)Math.Ceiling(sorted.Length * 0.99) - 1) : sorted.Length / 2;
        return new ScenarioResult(sorted[index]);
    }
}

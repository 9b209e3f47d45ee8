namespace ChatDb.Benchmarks;

public sealed record ScenarioOutcome(IScenario Scenario, ScenarioResult Result)
{
    /// <summary>
    /// ChatDb's advantage, above 1 when ChatDb is better: ChatDb/SQLite for throughputs, SQLite/ChatDb for
    /// latencies and sizes; null without a peer.
    /// </summary>
    public double? Ratio => Advantage(Result.Sqlite);

    /// <summary>ChatDb's advantage over PostgreSQL, taken the same way as <see cref="Ratio"/>; null without its figure.</summary>
    public double? RatioPostgres => Advantage(Result.Postgres);

    /// <summary>
    /// Whether the goal is met: judged on the SQLite ratio with peers (the goals were set against SQLite; the
    /// PostgreSQL ratio is reported beside it, and counts only for a goal on both peers), on ChatDb's figure without;
    /// a goal with a ceiling on ChatDb's own figure must meet that too.
    /// </summary>
    public bool GoalMet =>
        Scenario.Goal.IsMetBy(Result.Sqlite is null ? Result.ChatDb : Ratio)
        && (!Scenario.Goal.BothPeers || Result.Postgres is null || Scenario.Goal.IsMetBy(RatioPostgres))
        && (Scenario.Goal.ChatDbAtMost is not { } ceiling || Result.ChatDb is { } chatdb && chatdb <= ceiling);

    /// <summary>What the report's <c>missing</c> says: why the scenario did not run, else why PostgreSQL did not.</summary>
    public string? Missing => Result.Missing ?? (Result.PostgresMissing is { } postgres ? "postgres: " + postgres : null);

    private double? Advantage(double? peer) => (Result.ChatDb, peer) switch
    {
        ({ } chatdb, { } other) when chatdb > 0 && other > 0 => Scenario.HigherIsBetter ? chatdb / other : other / chatdb,
        _ => null,
    };
}

public sealed class BenchmarkRunner(BenchmarkContext context)
{
    public async Task<IReadOnlyList<ScenarioOutcome>> RunAsync(IEnumerable<IScenario> scenarios, CancellationToken cancellationToken)
    {
        var outcomes = new List<ScenarioOutcome>();
        foreach (var scenario in scenarios)
        {
            Console.WriteLine($"running {scenario.Name} ...");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            ScenarioResult result;
            try
            {
                result = await scenario.RunAsync(context, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One broken scenario must not cost the whole report; the failure is reported in its place.
                result = ScenarioResult.NotAvailable($"failed: {e.GetType().Name}: {e.Message}");
            }

            Console.WriteLine($"  {scenario.Name}: chatdb={result.ChatDb?.ToString("F2") ?? "-"} sqlite={result.Sqlite?.ToString("F2") ?? "-"} " +
                $"postgres={result.Postgres?.ToString("F2") ?? "-"} {result.Missing ?? result.PostgresMissing} ({watch.Elapsed.TotalSeconds:F0} s)");
            outcomes.Add(new ScenarioOutcome(scenario, result));
        }

        return outcomes;
    }
}

namespace ChatDb.Benchmarks;

public sealed record ScenarioOutcome(IScenario Scenario, ScenarioResult Result)
{
    /// <summary>
    /// ChatDb's advantage, above 1 when ChatDb is better: ChatDb/SQLite for throughputs, SQLite/ChatDb for
    /// latencies and sizes; null without a peer.
    /// </summary>
    public double? Ratio => (Result.ChatDb, Result.Sqlite) switch
    {
        ({ } chatdb, { } sqlite) when chatdb > 0 && sqlite > 0 => Scenario.HigherIsBetter ? chatdb / sqlite : sqlite / chatdb,
        _ => null,
    };

    /// <summary>Whether the goal is met: judged on the ratio with a peer, on ChatDb's figure without.</summary>
    public bool GoalMet => Scenario.Goal.IsMetBy(Result.Sqlite is null ? Result.ChatDb : Ratio);
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
                $"{result.Missing} ({watch.Elapsed.TotalSeconds:F0} s)");
            outcomes.Add(new ScenarioOutcome(scenario, result));
        }

        return outcomes;
    }
}

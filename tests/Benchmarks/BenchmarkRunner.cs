namespace ChatDb.Benchmarks;

public sealed record ScenarioOutcome(IScenario Scenario, ScenarioResult Result)
{
    /// <summary>ChatDb's figure divided by SQLite's, in the scenario's unit; null without a peer.</summary>
    public double? Ratio => Result.Sqlite is { } sqlite && sqlite != 0 ? Result.ChatDb / sqlite : null;
}

public sealed class BenchmarkRunner(BenchmarkContext context)
{
    public async Task<IReadOnlyList<ScenarioOutcome>> RunAsync(IEnumerable<IScenario> scenarios, CancellationToken cancellationToken)
    {
        var outcomes = new List<ScenarioOutcome>();
        foreach (var scenario in scenarios)
        {
            Console.WriteLine($"running {scenario.Name} ...");
            var result = await scenario.RunAsync(context, cancellationToken);
            outcomes.Add(new ScenarioOutcome(scenario, result));
        }

        return outcomes;
    }
}

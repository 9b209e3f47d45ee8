namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// Top-20 full-text search over 100,000 messages in 1,000 sessions, against SQLite FTS5 with bm25.
/// Reported as missing until ChatDb has a search grain to drive.
/// </summary>
public sealed class SearchScenario : IScenario
{
    public string Name => "search_fulltext_1000_sessions";

    public string Unit => "us";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(1.0);

    public Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ScenarioResult.NotAvailable("ChatDb has no search grain yet (no ISearchGrain in Grains.Interfaces); nothing to measure against FTS5"));
}

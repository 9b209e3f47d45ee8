namespace ChatDb.Benchmarks.Scenarios.Search;

/// <summary>
/// Indexing throughput in messages per second over the search corpus: ChatDb adding every message
/// to a <see cref="ChatDb.Grains.Search.FullTextIndex"/> in memory, SQLite inserting them into the
/// FTS5 table in one transaction, PostgreSQL copying them into its table with the GIN-indexed tsvector
/// (<see cref="PostgresFullText"/>). This scenario times the engines directly, not a grain call: in the
/// grain, indexing is interleaved with the message appends and has no figure of its own. (ChatDb's
/// index is persisted separately by its grain, debounced; writing the whole 100,000-message segment
/// takes about a second.)
/// </summary>
public sealed class SearchIndexingScenario : IScenario
{
    public string Name => "search_indexing_100k_messages";

    public string Unit => "messages/s";

    public bool HigherIsBetter => true;

    /// <summary>At least half of FTS5's indexing throughput.</summary>
    public ScenarioGoal Goal => new(0.5);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var fixture = await SearchFixture.GetAsync(context, cancellationToken);
        var count = fixture.Corpus.Messages.Count;
        return fixture.Peers.Result([count / fixture.ChatDbIndexing.TotalSeconds, .. fixture.FullText.Select(peer => count / peer.Indexing.TotalSeconds)]);
    }
}

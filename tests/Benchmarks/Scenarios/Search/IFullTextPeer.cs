namespace ChatDb.Benchmarks.Scenarios.Search;

/// <summary>
/// A relational peer's full-text index over the search corpus, built once per run: how long indexing the corpus
/// took, and the top-20 query with snippets that <see cref="SearchFullTextScenario"/> times.
/// </summary>
public interface IFullTextPeer : IAsyncDisposable
{
    /// <summary>Time to index every message of the corpus (inserts in one transaction, committed).</summary>
    TimeSpan Indexing { get; }

    /// <summary>The best 20 messages for <paramref name="query"/> by the engine's ranking, each with its snippet read; returns the rows read.</summary>
    Task<int> TopTwentyAsync(string query, CancellationToken cancellationToken);
}

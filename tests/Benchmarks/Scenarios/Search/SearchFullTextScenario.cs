using System.Diagnostics;
using ChatDb.Grains;
using ChatDb.Grains.Search;

namespace ChatDb.Benchmarks.Scenarios.Search;

/// <summary>
/// Top-20 query latency over the search corpus (1 user, 1,000 sessions, 100,000 messages; quick mode
/// 100 sessions, 10,000 messages): ChatDb's full-text search (BM25, snippets built) as a grain call,
/// <see cref="ChatDb.Grains.ISearchGrain.SearchAsync"/> on the user's search grain through the silo's
/// in-process grain factory, over the corpus written through the session grains
/// (<see cref="SearchGrainFixture"/>), against SQLite FTS5 with <c>ORDER BY bm25(m) LIMIT 20</c> and
/// <c>snippet()</c> and PostgreSQL's GIN-indexed tsvector with <c>ts_rank</c> and <c>ts_headline</c>
/// (<see cref="PostgresFullText"/>). Each query of the fixed set runs on every engine in turn; one warm-up pass, then
/// the figure is the median (or the 95th percentile) over all timed runs, in milliseconds.
/// </summary>
public sealed class SearchFullTextScenario(string name, bool percentile95, SearchGrainFixture grains) : IScenario
{
    public string Name => name;

    public string Unit => percentile95 ? "ms p95" : "ms median";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(1.0);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var fixture = await SearchFixture.GetAsync(context, cancellationToken);
        var search = (await grains.EnsureAsync(context, fixture.Corpus, cancellationToken)).Grain;
        var figures = await MeasureAsync(search, fixture.Corpus.Queries, fixture.FullText, context.Quick ? 2 : 6, cancellationToken);
        return fixture.Peers.Result([.. figures.Select(Statistic)]);
    }

    /// <summary>
    /// Runs every query of <paramref name="queryTexts"/> on ChatDb's search grain, then on each peer in turn, for
    /// <paramref name="rounds"/> rounds, the first untimed (warm-up); returns the timed milliseconds, ChatDb's first,
    /// then each peer's in <paramref name="fullText"/> order.
    /// </summary>
    public static async Task<List<double>[]> MeasureAsync(
        ISearchGrain search, IReadOnlyList<string> queryTexts, IReadOnlyList<IFullTextPeer> fullText, int rounds, CancellationToken cancellationToken)
    {
        var queries = queryTexts
            .Select(q => (Text: q, Grain: new SearchQuery { Q = q, Mode = SearchMode.FullText, Limit = 20 }))
            .ToList();
        var chatdb = new List<double>();
        var peers = fullText.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var query in queries)
            {
                var clock = Stopwatch.StartNew();
                var hits = await search.SearchAsync(query.Grain);
                var ours = clock.Elapsed.TotalMilliseconds;
                if (round > 0)
                {
                    chatdb.Add(ours);
                }

                GC.KeepAlive(hits);
                for (var p = 0; p < peers.Length; p++)
                {
                    clock.Restart();
                    await fullText[p].TopTwentyAsync(query.Text, cancellationToken);
                    var theirs = clock.Elapsed.TotalMilliseconds;
                    if (round > 0)
                    {
                        peers[p].Add(theirs);
                    }
                }
            }
        }

        return [chatdb, .. peers];
    }

    private double Statistic(List<double> samples)
    {
        samples.Sort();
        return samples[percentile95 ? (int)(samples.Count * 0.95) : samples.Count / 2];
    }
}

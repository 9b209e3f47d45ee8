using System.Diagnostics;
using ChatDb.Grains.Search;

namespace ChatDb.Benchmarks.Scenarios.Search;

/// <summary>
/// Median latency of a cosine top-10 over 100,000 vectors of dimension 256 (the offline hashing
/// embedder's vectors of the search corpus), in milliseconds. No SQLite peer.
/// </summary>
public sealed class SearchVectorScenario : IScenario
{
    public string Name => "search_vector_100k_top10";

    public string Unit => "ms median";

    public bool HigherIsBetter => false;

    /// <summary>No SQLite peer: the goal is on ChatDb's own figure, under 20 ms.</summary>
    public ScenarioGoal Goal => new(20, AtMost: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var fixture = await SearchFixture.GetAsync(context, cancellationToken);
        var embedder = new HashingEmbeddingGenerator();
        var vectors = new VectorIndex(EmbedderIdentity.Default);
        var buffer = new float[embedder.Dimensions];
        foreach (var (sessionId, message) in fixture.Corpus.Messages)
        {
            embedder.Embed(message.Content, buffer);
            vectors.Add(sessionId, message.Seq, buffer);
        }

        var queries = fixture.Corpus.Queries.Select(embedder.Embed).ToList();
        var samples = new List<double>();
        for (var round = 0; round < (context.Quick ? 2 : 4); round++)
        {
            foreach (var query in queries)
            {
                var clock = Stopwatch.StartNew();
                GC.KeepAlive(vectors.Search(query, 10));
                if (round > 0)
                {
                    samples.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
        }

        samples.Sort();
        return new ScenarioResult(samples[samples.Count / 2]);
    }
}

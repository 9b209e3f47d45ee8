using System.Globalization;
using ChatDb.Grains.Search;
using Xunit.Abstractions;

namespace ChatDb.Search.Tests;

/// <summary>
/// Recall@3 over the generated relevance set (180 queries: two signature words, one signature word,
/// a quoted phrase; see <see cref="TopicCorpus"/>): the expected session must own one of the top 3
/// hits. Hybrid and vector runs use every third query (60), which keeps the suite fast in Debug builds.
/// </summary>
public sealed class RelevanceTests(ITestOutputHelper output)
{
    private const double RequiredRecall = 0.9;
    private static readonly TopicCorpus Corpus = TopicCorpus.Generate();

    [Fact]
    public void FullText_RecallAt3_MeetsTheBar()
    {
        var index = CorpusIndexes.Incremental(Corpus);
        var recall = RecallAt3(q => index.Search(q, limit: 3));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"full-text recall@3 = {recall:F3} over {Corpus.Queries.Count} queries, {Corpus.MessageCount} messages"));
        Assert.True(Corpus.Queries.Count >= 50);
        Assert.True(recall >= RequiredRecall, $"full-text recall@3 {recall:F3} is below {RequiredRecall}");
    }

    [Fact]
    public async Task Hybrid_RecallAt3_MeetsTheBar_AndVectorRecallIsReported()
    {
        var index = await CorpusIndexes.WithVectorsAsync(Corpus);
        Assert.Equal(SearchMode.Hybrid, index.DefaultMode);
        var hybrid = await RecallAt3Async(index, SearchMode.Hybrid);
        var vector = await RecallAt3Async(index, SearchMode.Vector);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hybrid recall@3 = {hybrid:F3}, vector-only recall@3 = {vector:F3} over 60 queries"));
        Assert.True(hybrid >= RequiredRecall, $"hybrid recall@3 {hybrid:F3} is below {RequiredRecall}");
        Assert.True(vector > 0.5, $"vector-only recall@3 {vector:F3} suggests the embedder carries no signal");
    }

    private static double RecallAt3(Func<string, IReadOnlyList<SearchHit>> search) =>
        Corpus.Queries.Count(q => search(q.Query).Take(3).Any(h => h.SessionId == q.ExpectedSession)) / (double)Corpus.Queries.Count;

    private static async Task<double> RecallAt3Async(MessageSearchIndex index, SearchMode mode)
    {
        var queries = Corpus.Queries.Where((_, i) => i % 3 == i / 3 % 3).ToList(); // one in three, every query kind
        var found = 0;
        foreach (var (query, expected) in queries)
        {
            var hits = await index.SearchAsync(new SearchRequest(query, mode, Limit: 3));
            found += hits.Any(h => h.SessionId == expected) ? 1 : 0;
        }

        return found / (double)queries.Count;
    }
}

using ChatDb.Grains.Search;

namespace ChatDb.Search.Tests;

public sealed class RebuildTests
{
    private static readonly TopicCorpus Corpus = TopicCorpus.Generate(topics: 6, sessionsPerTopic: 5, messagesPerSession: 12);

    [Fact]
    public void IndexRebuiltFromLogs_EqualsTheIncrementalIndex()
    {
        var incremental = CorpusIndexes.Incremental(Corpus);
        var rebuilt = CorpusIndexes.Rebuilt(Corpus);

        Assert.Equal(incremental.DocumentCount, rebuilt.DocumentCount);
        Assert.Equal(incremental.TotalLength, rebuilt.TotalLength);
        Assert.Equal(incremental.DescribePostings(), rebuilt.DescribePostings());
        foreach (var (query, _) in Corpus.Queries)
        {
            Assert.Equal(CorpusIndexes.Keys(incremental.Search(query)), CorpusIndexes.Keys(rebuilt.Search(query)));
        }
    }

    [Fact]
    public void ReplayingMessagesAlreadyIndexed_ChangesNothing()
    {
        var index = CorpusIndexes.Incremental(Corpus);
        var before = index.DescribePostings();

        var added = Corpus.Sessions.SelectMany(s => s.Messages.Select(m => index.Add(s.Id, m))).Count(a => a);

        Assert.Equal(0, added);
        Assert.Equal(before, index.DescribePostings());
    }

    [Fact]
    public void HighWaterMarks_TellTheCallerWhereEachSessionsLogResumes()
    {
        var index = new FullTextIndex();
        var session = Corpus.Sessions[0];
        foreach (var message in session.Messages.Take(5))
        {
            index.Add(session.Id, message);
        }

        Assert.Equal(5, index.HighWaterMark(session.Id));
        Assert.Equal(0, index.HighWaterMark("unknown"));
        Assert.Equal(new IndexCatchUp(CatchUpAction.Feed, 6), IndexCatchUp.Plan(5, session.Messages.Count));
        Assert.Equal(new IndexCatchUp(CatchUpAction.UpToDate, 6), IndexCatchUp.Plan(5, 5));
        Assert.Equal(new IndexCatchUp(CatchUpAction.Reindex, 1), IndexCatchUp.Plan(5, 4));
    }
}

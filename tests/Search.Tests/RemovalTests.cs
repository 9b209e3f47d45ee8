using System.Text;
using ChatDb.Grains.Search;

namespace ChatDb.Search.Tests;

public sealed class RemovalTests
{
    private static readonly TopicCorpus Corpus = TopicCorpus.Generate(topics: 4, sessionsPerTopic: 5, messagesPerSession: 10);

    [Fact]
    public void RemovingASession_LeavesNoPostingOfIt_AndRanksLikeAnIndexThatNeverHadIt()
    {
        var removed = Corpus.Sessions[3];
        var index = CorpusIndexes.Incremental(Corpus);
        var without = new FullTextIndex();
        foreach (var (sessionId, message) in Corpus.Interleaved().Where(x => x.SessionId != removed.Id))
        {
            without.Add(sessionId, message);
        }

        Assert.True(index.RemoveSession(removed.Id));

        Assert.Equal(0, index.PostingsOfSession(removed.Id));
        Assert.Equal(0, index.HighWaterMark(removed.Id));
        Assert.DoesNotContain(removed.Id, index.Sessions);
        Assert.Equal(without.DocumentCount, index.DocumentCount);
        Assert.Equal(without.TotalLength, index.TotalLength);
        Assert.Equal(without.TermCount, index.TermCount);
        Assert.Equal(without.DescribePostings(), index.DescribePostings());
        foreach (var (query, _) in Corpus.Queries)
        {
            Assert.Equal(CorpusIndexes.Keys(without.Search(query)), CorpusIndexes.Keys(index.Search(query)));
        }
    }

    [Fact]
    public void RemovingASession_KeepsItOutOfTheSegment()
    {
        var removed = Corpus.Sessions[0];
        var index = CorpusIndexes.Incremental(Corpus);

        index.RemoveSession(removed.Id);
        var bytes = FullTextSegment.Write(index);

        Assert.DoesNotContain(removed.Id, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.DoesNotContain(removed.Messages[0].Content, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void RemovingManySessions_CompactsAndStillAnswersCorrectly()
    {
        var large = TopicCorpus.Generate(topics: 4, sessionsPerTopic: 10, messagesPerSession: 300);
        var index = CorpusIndexes.Incremental(large);
        var kept = large.Sessions.Where((_, i) => i % 4 == 0).Select(s => s.Id).ToHashSet();
        var fresh = new FullTextIndex();
        foreach (var (sessionId, message) in large.Interleaved().Where(x => kept.Contains(x.SessionId)))
        {
            fresh.Add(sessionId, message);
        }

        foreach (var session in large.Sessions.Where(s => !kept.Contains(s.Id)))
        {
            index.RemoveSession(session.Id);
        }

        Assert.Equal(fresh.DescribePostings(), index.DescribePostings());
        foreach (var (query, _) in large.Queries.Take(24))
        {
            Assert.Equal(CorpusIndexes.Keys(fresh.Search(query)), CorpusIndexes.Keys(index.Search(query)));
        }
    }

    [Fact]
    public void DeletingAUser_LeavesNoIndexEntry()
    {
        var index = CorpusIndexes.Incremental(Corpus);

        index.Clear();

        Assert.Equal(0, index.DocumentCount);
        Assert.Equal(0, index.TermCount);
        Assert.Empty(index.Sessions);
        Assert.Empty(index.DescribePostings());
        Assert.All(Corpus.Queries, q => Assert.Empty(index.Search(q.Query)));
        var reloaded = FullTextSegment.Read(FullTextSegment.Write(index));
        Assert.Equal(0, reloaded.Value!.DocumentCount);
    }

    [Fact]
    public void RemovingAnUnknownSession_ReturnsFalse() => Assert.False(new FullTextIndex().RemoveSession("nope"));
}

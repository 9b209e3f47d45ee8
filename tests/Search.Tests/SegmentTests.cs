using System.Text;
using System.Text.Json;
using ChatDb.Grains.Models;
using ChatDb.Grains.Search;
using FsCheck;
using FsCheck.Fluent;

namespace ChatDb.Search.Tests;

public sealed class SegmentTests
{
    private static readonly TopicCorpus Corpus = TopicCorpus.Generate(topics: 4, sessionsPerTopic: 4, messagesPerSession: 10);
    private static readonly byte[] Segment = FullTextSegment.Write(CorpusIndexes.Incremental(Corpus));

    [Fact]
    public void Crc32_IsTheStandardChecksum() =>
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public void RoundTrip_GivesTheSameResults_EntitiesAndHighWaterMarks()
    {
        var original = CorpusIndexes.Incremental(Corpus);

        var loaded = FullTextSegment.Read(FullTextSegment.Write(original));

        Assert.Equal(SegmentLoadStatus.Loaded, loaded.Status);
        var index = loaded.Value!;
        Assert.Equal(original.DescribePostings(), index.DescribePostings());
        foreach (var (query, _) in Corpus.Queries)
        {
            Assert.Equal(Hits(original.Search(query)), Hits(index.Search(query)));
        }

        foreach (var session in Corpus.Sessions)
        {
            Assert.Equal(session.Messages.Count, index.HighWaterMark(session.Id));
            Assert.Equal(original.SessionEntities(session.Id).Order(), index.SessionEntities(session.Id).Order());
        }
    }

    [Fact]
    public void RoundTrip_KeepsTheWholeMessage()
    {
        var metadata = new Dictionary<string, JsonElement> { ["lang"] = JsonDocument.Parse("\"fr\"").RootElement, ["n"] = JsonDocument.Parse("[1,2]").RootElement };
        var message = new ChatMessage("id-1", 1, "assistant", "Bonjour à tous", new DateTimeOffset(2025, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)), ["a.pdf"], metadata);
        var index = new FullTextIndex();
        index.Add("s", message);

        var hit = Assert.Single(FullTextSegment.Read(FullTextSegment.Write(index)).Value!.Search("bonjour"));

        Assert.Equal(message.Id, hit.Message.Id);
        Assert.Equal(message.Timestamp, hit.Message.Timestamp);
        Assert.Equal(message.Timestamp.Offset, hit.Message.Timestamp.Offset);
        Assert.Equal(["a.pdf"], hit.Message.Attachments);
        Assert.Equal("fr", hit.Message.Metadata["lang"].GetString());
        Assert.Equal("[1,2]", hit.Message.Metadata["n"].GetRawText());
    }

    [Fact]
    public void MissingFile_IsReportedAsMissing() =>
        Assert.Equal(SegmentLoadStatus.Missing, FullTextSegment.Read(null).Status);

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(-1)]
    public void TruncatedFile_IsCorrupt(int keep)
    {
        var length = keep < 0 ? Segment.Length - 1 : keep;
        var result = FullTextSegment.Read(Segment[..length]);
        Assert.Equal(SegmentLoadStatus.Corrupt, result.Status);
        Assert.Null(result.Value);
    }

    [Fact]
    public void AnyFlippedByte_OrTruncation_IsDetected_NeverLoaded() =>
        Prop.ForAll(Gen.Choose(0, Segment.Length - 1).ToArbitrary(), Gen.Choose(1, 255).ToArbitrary(), Gen.Choose(0, 1).ToArbitrary(), (position, mask, truncate) =>
        {
            var damaged = truncate == 1 ? Segment[..position] : (byte[])Segment.Clone();
            if (truncate == 0)
            {
                damaged[position] ^= (byte)mask;
            }

            return FullTextSegment.Read(damaged).Status == SegmentLoadStatus.Corrupt;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void OtherTokenizerSettings_AskForARebuild()
    {
        var result = FullTextSegment.Read(Segment, new TokenizerOptions { MinWordLength = 2 });
        Assert.Equal(SegmentLoadStatus.SettingsChanged, result.Status);
        Assert.Contains("MinWordLength=3", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CrashInTheMiddleOfIndexing_OldSegmentPlusCatchUp_EqualsTheFullIndex()
    {
        // The segment was written after some messages; more were indexed, then the process died.
        // Atomic writes leave the old segment; the logs (the corpus) hold everything.
        var everything = CorpusIndexes.Incremental(Corpus);
        var partial = new FullTextIndex();
        foreach (var (sessionId, message) in Corpus.Interleaved().Take(Corpus.MessageCount / 3))
        {
            partial.Add(sessionId, message);
        }

        var reopened = FullTextSegment.Read(FullTextSegment.Write(partial)).Value!;
        CatchUpFromLogs(reopened);

        Assert.Equal(everything.DescribePostings(), reopened.DescribePostings());
        foreach (var (query, _) in Corpus.Queries)
        {
            Assert.Equal(CorpusIndexes.Keys(everything.Search(query)), CorpusIndexes.Keys(reopened.Search(query)));
        }
    }

    [Fact]
    public void GarbledSegment_IsRebuiltFromLogs_AndEqualsTheIncrementalIndex()
    {
        var garbled = (byte[])Segment.Clone();
        garbled[garbled.Length / 2] ^= 0x55;
        var incremental = CorpusIndexes.Incremental(Corpus);

        var result = FullTextSegment.Read(garbled);
        Assert.Equal(SegmentLoadStatus.Corrupt, result.Status);
        var rebuilt = new FullTextIndex();
        CatchUpFromLogs(rebuilt);

        Assert.Equal(incremental.DescribePostings(), rebuilt.DescribePostings());
        foreach (var (query, _) in Corpus.Queries)
        {
            Assert.Equal(CorpusIndexes.Keys(incremental.Search(query)), CorpusIndexes.Keys(rebuilt.Search(query)));
        }
    }

    /// <summary>What the owning grain does on open: per session, feed the log from the high-water mark on.</summary>
    private static void CatchUpFromLogs(FullTextIndex index)
    {
        foreach (var session in Corpus.Sessions)
        {
            var plan = IndexCatchUp.Plan(index.HighWaterMark(session.Id), session.Messages.Count);
            if (plan.Action == CatchUpAction.Reindex)
            {
                index.RemoveSession(session.Id);
            }

            foreach (var message in session.Messages.Where(m => m.Seq >= plan.FromSeq))
            {
                index.Add(session.Id, message);
            }

            index.SetSessionEntities(session.Id, session.Entities);
        }
    }

    private static List<(string, long, double, string)> Hits(IReadOnlyList<SearchHit> hits) =>
        [.. hits.Select(h => (h.SessionId, h.Message.Seq, h.Score, h.Snippet))];
}

using ChatDb.Grains.Knowledge.Chunking;
using ChatDb.Grains.Knowledge.Extraction;

namespace ChatDb.Search.Tests.Knowledge;

/// <summary>Chunks follow sections, keep to their size, overlap within a section, and cut long blocks at spaces.</summary>
public sealed class KnowledgeChunkerTests
{
    private static string Words(int count, string word) => string.Join(' ', Enumerable.Repeat(word, count));

    [Fact]
    public void Headings_StartNewChunks_AndHeadTheirSection()
    {
        var chunks = new KnowledgeChunker(200, 20).Chunk(
            [new("intro text"), new("Hotels", IsHeading: true), new("book early"), new("ask the desk"), new("Meals", IsHeading: true), new("keep receipts")]);

        Assert.Equal(
            [(0, null, "intro text"), (1, "Hotels", "book early\n\nask the desk"), (2, "Meals", "keep receipts")],
            chunks.Select(c => (c.Position, c.Heading, c.Text)));
    }

    [Fact]
    public void ChunksOfASection_KeepToTheSize_AndStartWithTheEndOfThePreviousOne()
    {
        var blocks = Enumerable.Range(0, 30).Select(i => new TextBlock($"paragraph {i} " + Words(12, "lorem"))).ToList();

        var chunks = new KnowledgeChunker(300, 60).Chunk(blocks);

        Assert.True(chunks.Count > 3);
        Assert.All(chunks, c => Assert.InRange(c.Text.Length, 1, 300 + 60));
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Position));
        for (var i = 1; i < chunks.Count; i++)
        {
            var previous = chunks[i - 1].Text;
            var start = chunks[i].Text.Split(' ')[0..3];
            Assert.Contains(string.Join(' ', start), previous, StringComparison.Ordinal);
        }

        // Every paragraph is in some chunk whole.
        Assert.All(blocks, b => Assert.Contains(chunks, c => c.Text.Contains(b.Text, StringComparison.Ordinal)));
    }

    [Fact]
    public void ABlockLongerThanAChunk_IsCutAtSpaces_WithNothingLost()
    {
        var text = string.Join(' ', Enumerable.Range(0, 400).Select(i => $"w{i}"));

        var chunks = new KnowledgeChunker(200, 0).Chunk([new TextBlock(text)]);

        Assert.True(chunks.Count >= 10);
        Assert.All(chunks, c => Assert.True(c.Text.Length <= 200, c.Text));
        Assert.Equal(text.Split(' '), chunks.SelectMany(c => c.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void PdfChunks_KeepThePageTheyStartOn()
    {
        var chunks = new KnowledgeChunker(100, 0).Chunk([new(Words(15, "alpha"), Page: 1), new(Words(15, "omega"), Page: 2)]);

        Assert.Equal([1, 2], chunks.Select(c => c.Page ?? 0));
    }
}

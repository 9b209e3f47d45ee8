using ChatDb.Grains.Knowledge;
using ChatDb.Grains.Knowledge.Chunking;
using ChatDb.Grains.Search;

namespace ChatDb.Search.Tests.Knowledge;

/// <summary>Retrieval ranks the chunk that answers best first, by words or by meaning, and forgets removed and replaced documents.</summary>
public sealed class KnowledgeIndexTests
{
    private static List<KnowledgeChunk> Chunks(params string[] texts) => [.. texts.Select((t, i) => new KnowledgeChunk(i, null, t, null))];

    private static async Task<KnowledgeIndex> IndexAsync()
    {
        var index = new KnowledgeIndex(new HashingEmbeddingGenerator());
        await index.PutAsync("travel.md", Chunks("Hotels are booked through the travel desk.", "Trains are preferred for trips under four hours."));
        await index.PutAsync("food.txt", Chunks("The canteen serves vegetarian lunch on Fridays.", "Coffee is free on every floor."));
        await index.PutAsync("it.html", Chunks("Laptops are replaced every three years.", "Passwords must have twelve characters."));
        return index;
    }

    [Theory]
    [InlineData("which desk books hotels", "travel.md", 0)]
    [InlineData("is lunch vegetarian", "food.txt", 0)]
    [InlineData("how many characters in passwords", "it.html", 1)]
    [InlineData("trains or planes for short trips", "travel.md", 1)]
    public async Task Retrieve_RanksTheAnsweringChunkFirst(string query, string filename, int position)
    {
        var index = await IndexAsync();

        var hits = await index.RetrieveAsync(query, 3);

        Assert.Equal((filename, position), (hits[0].Filename, hits[0].Position));
        Assert.True(hits.Count <= 3);
        Assert.Equal(hits.Select(h => h.Score).OrderByDescending(s => s), hits.Select(h => h.Score));
    }

    [Fact]
    public async Task RemovedAndReplacedDocuments_AreNotRetrievedAnyMore()
    {
        var index = await IndexAsync();

        Assert.True(index.Remove("food.txt"));
        await index.PutAsync("travel.md", Chunks("Flights need the manager's approval."));

        Assert.DoesNotContain(await index.RetrieveAsync("vegetarian lunch canteen", 10), h => h.Filename == "food.txt");
        Assert.DoesNotContain(await index.RetrieveAsync("hotels travel desk", 10), h => h.Chunk.Contains("Hotels", StringComparison.Ordinal));
        Assert.Equal(("travel.md", 0), (await index.RetrieveAsync("flights approval", 1)) is [var hit] ? (hit.Filename, hit.Position) : default);
        Assert.Equal(3, index.ChunkCount);
    }

    [Fact]
    public async Task Retrieve_OnAnEmptyIndex_IsEmpty_AndNeverAnswersMoreThanK()
    {
        Assert.Empty(await new KnowledgeIndex(new HashingEmbeddingGenerator()).RetrieveAsync("anything", 5));
        Assert.Equal(2, (await (await IndexAsync()).RetrieveAsync("the travel desk serves coffee and lunch", 2)).Count);
    }
}

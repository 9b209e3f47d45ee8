using ChatDb.Grains.Memories;
using ChatDb.Grains.Models;
using ChatDb.Grains.Search;

namespace ChatDb.Grains.Tests.Memories;

/// <summary>
/// The memory index kept up to date change by change answers every recall as an index built afresh from the same
/// memories, and as a plain scan of every memory (<see cref="ScanRecall"/>).
/// </summary>
public sealed class MemoryIndexTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly HashingEmbeddingGenerator Embedder = new();

    private static readonly string[] Words =
        ["tea", "coffee", "jazz", "hiking", "Lisbon", "Porto", "Kyoto", "daughter", "Ana", "sailing", "window", "seats", "vegetarian", "chess", "opera"];

    private static readonly string[] Queries =
        ["what does the user like about jazz", "trips to Kyoto", "window seats please", "tea", "does Ana sail in Porto", "the user", "zzz"];

    private static float[]? Vector(string text) => MemoryIndex.Normalize(Embedder.Embed(text));

    private static string Text(Random random) =>
        "User " + string.Join(' ', Enumerable.Range(0, random.Next(1, 7)).Select(_ => Words[random.Next(Words.Length)]));

    private static string Id(int n) => $"mem_{n:x32}";

    [Fact]
    public void Recall_AfterRandomAddsUpdatesDeletesAndExpiries_AnswersAsARebuiltIndexAndAScanOfEveryMemory()
    {
        var random = new Random(20261206);
        var index = new MemoryIndex(Tokenizer.Default);
        var live = new List<(Memory Memory, float[]? Vector)>();
        var next = 0;
        for (var step = 1; step <= 1_500; step++)
        {
            var now = Start.AddHours(step);
            // Mostly deletions in the last third, so empty slots pile up and get packed.
            var op = live.Count < 20 ? 0 : step > 1_000 && random.Next(3) > 0 ? 5 : random.Next(10);
            if (op <= 4)
            {
                var text = Text(random);
                var memory = new Memory(Id(++next), text, MemorySource.None, random.Next(4) == 0 ? "planner" : null, now, now,
                    random.Next(6) == 0 ? now.AddHours(random.Next(1, 400)) : null, random.Next(11) / 10.0);
                var vector = random.Next(10) == 0 ? null : Vector(text);
                index.Put(memory, vector);
                live.Add((memory, vector));
            }
            else
            {
                var at = random.Next(live.Count);
                var (memory, vector) = live[at];
                switch (op)
                {
                    case 5 or 6:
                        index.Remove(memory.Id);
                        live.RemoveAt(at);
                        break;
                    case 7:
                        var text = Text(random);
                        var embedded = random.Next(3) == 0 ? null : Vector(text);
                        live[at] = (memory with { Text = text, UpdatedAt = now }, embedded);
                        index.Put(live[at].Memory, embedded);
                        break;
                    case 8:
                        // Same text, no new vector: the stored one stays.
                        live[at] = (memory with { Importance = random.Next(11) / 10.0, ExpiresAt = now.AddHours(random.Next(-5, 50)), UpdatedAt = now }, vector);
                        index.Put(live[at].Memory, null);
                        break;
                    default:
                        if (vector is null && Vector(memory.Text) is { } late)
                        {
                            index.SetVector(memory.Id, late);
                            live[at] = (memory, late);
                        }

                        break;
                }
            }

            if (step % 100 == 0)
            {
                AssertAnswersAgree(index, live, now);
            }
        }

        Assert.True(index.Slots < next, $"the index kept {index.Slots} slots for {next} memories ever added ({index.Count} live): the empty ones were never packed");
    }

    [Fact]
    public void ManyDeletions_PackTheSlots_KeepingTheOrderAndTheAnswers()
    {
        var index = new MemoryIndex(Tokenizer.Default);
        var live = new List<(Memory Memory, float[]? Vector)>();
        var random = new Random(7);
        for (var i = 1; i <= 300; i++)
        {
            var text = Text(random);
            var memory = new Memory(Id(i), text, MemorySource.None, null, Start, Start, null, 0.5);
            index.Put(memory, Vector(text));
            live.Add((memory, Vector(text)));
        }

        foreach (var (memory, _) in live.Where((_, i) => i % 4 != 0).ToList())
        {
            index.Remove(memory.Id);
            live.RemoveAll(m => m.Memory.Id == memory.Id);
        }

        Assert.Equal(75, index.Count);
        Assert.True(index.Slots < 300, $"225 of 300 memories were deleted and the index still has {index.Slots} slots");
        Assert.Equal(live.Select(m => m.Memory), index.Memories);
        Assert.All(live, m => Assert.Equal(m.Vector, index.VectorOf(m.Memory.Id)));
        AssertAnswersAgree(index, live, Start);
    }

    [Fact]
    public void ANewText_MovesTheMemoryToItsNewWords_AndDropsTheOldVector()
    {
        var index = new MemoryIndex(Tokenizer.Default);
        var memory = new Memory(Id(1), "User likes green tea", MemorySource.None, null, Start, Start, null, 0.5);
        index.Put(memory, Vector(memory.Text));
        index.Put(new Memory(Id(2), "User sails near Porto", MemorySource.None, null, Start, Start, null, 0.5), null);
        index.Put(new Memory(Id(3), "User plays chess", MemorySource.None, null, Start, Start, null, 0.5), null);

        index.Put(memory with { Importance = 0.9 }, null);
        var vectorKept = index.VectorOf(memory.Id);
        index.Put(memory with { Text = "User drinks black coffee" }, null);

        Assert.Equal(Vector(memory.Text), vectorKept);
        Assert.Null(index.VectorOf(memory.Id));
        Assert.Empty(index.Recall("green tea", null, 5, null, Start));
        Assert.Equal([Id(1)], index.Recall("coffee", null, 5, null, Start).Select(h => h.Memory.Id));
        Assert.Equal([Id(1), Id(2), Id(3)], index.WithoutVector().Select(m => m.Id));
    }

    [Fact]
    public void AVectorOfAnotherLength_IsNotKept_AndTheMemoryWaitsForAnEmbedding()
    {
        var index = new MemoryIndex(Tokenizer.Default);
        index.Put(new Memory(Id(1), "User likes tea", MemorySource.None, null, Start, Start, null, 0.5), Vector("User likes tea"));
        index.Put(new Memory(Id(2), "User likes jazz", MemorySource.None, null, Start, Start, null, 0.5), [1f, 0f, 0f]);

        Assert.Null(index.VectorOf(Id(2)));
        Assert.Equal([Id(2)], index.WithoutVector().Select(m => m.Id));
    }

    private static void AssertAnswersAgree(MemoryIndex index, List<(Memory Memory, float[]? Vector)> live, DateTimeOffset now)
    {
        var rebuilt = new MemoryIndex(Tokenizer.Default);
        foreach (var (memory, vector) in live)
        {
            rebuilt.Put(memory, vector);
        }

        Assert.Equal(live.Select(m => m.Memory), index.Memories);
        foreach (var query in Queries)
        {
            foreach (var agentId in new[] { null, "planner", "writer" })
            {
                foreach (var k in new[] { 1, 5, 30 })
                {
                    var expected = ScanRecall.Recall(live, query, Vector(query), k, agentId, now);
                    var incremental = index.Recall(query, Vector(query), k, agentId, now);
                    var fresh = rebuilt.Recall(query, Vector(query), k, agentId, now);
                    var where = $"query '{query}', agent {agentId ?? "(none)"}, k {k}, {live.Count} memories at {now:O}";
                    Assert.True(expected.SequenceEqual(incremental), $"{where}: the index kept up to date answered [{Describe(incremental)}], a scan [{Describe(expected)}]");
                    Assert.True(expected.SequenceEqual(fresh), $"{where}: a rebuilt index answered [{Describe(fresh)}], a scan [{Describe(expected)}]");
                }
            }
        }
    }

    private static string Describe(IReadOnlyList<MemoryHit> hits) => string.Join(", ", hits.Select(h => $"{h.Memory.Id[^4..]}:{h.Score:R}"));
}

using System.Numerics.Tensors;
using ChatDb.Grains.Search;
using Microsoft.Extensions.AI;

namespace ChatDb.Search.Tests;

public sealed class VectorTests
{
    private readonly HashingEmbeddingGenerator _embedder = new();

    [Fact]
    public async Task HashingEmbedder_IsDeterministicNormalisedAndDescribesItself()
    {
        var first = await _embedder.GenerateAsync(["Vector search with cosine similarity"]);
        var second = new HashingEmbeddingGenerator().Embed("Vector search with cosine similarity");

        Assert.Equal(256, first[0].Vector.Length);
        Assert.Equal(second, first[0].Vector.ToArray());
        Assert.Equal(1f, TensorPrimitives.Norm(second), 1e-5f);
        var metadata = _embedder.GetService<EmbeddingGeneratorMetadata>();
        Assert.Equal("chatdb-hashing-v1", metadata!.DefaultModelId);
        Assert.Equal(256, metadata.DefaultModelDimensions);
        Assert.Equal(EmbedderIdentity.Default, await EmbedderIdentity.OfAsync(_embedder));
    }

    [Fact]
    public void HashingEmbedder_PutsRelatedTextsCloser_AndFoldsLikeTheTokenizer()
    {
        var query = _embedder.Embed("indexing messages for search");
        var related = _embedder.Embed("the search index holds indexed messages");
        var unrelated = _embedder.Embed("bake bread with flour and yeast");

        Assert.True(TensorPrimitives.Dot(query, related) > TensorPrimitives.Dot(query, unrelated) + 0.2f);
        Assert.Equal(_embedder.Embed("creme brulee"), _embedder.Embed("Crème Brûlée"));
        Assert.All(_embedder.Embed("🚀 !!"), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void TopK_EqualsBruteForce_OnRandomVectors()
    {
        var random = new Random(3);
        var index = new VectorIndex(new EmbedderIdentity("test/random", 32));
        var stored = new List<(string, long, float[])>();
        for (var i = 0; i < 2000; i++)
        {
            var vector = RandomVector(random, 32);
            var session = $"s{i % 37}";
            var seq = (long)(i / 37) + 1;
            index.Add(session, seq, vector);
            stored.Add((session, seq, vector));
        }

        for (var q = 0; q < 20; q++)
        {
            var query = RandomVector(random, 32);
            var expected = stored
                .Select(s => (s.Item1, s.Item2, Score: Cosine(query, Half(s.Item3))))
                .OrderByDescending(s => s.Score).ThenBy(s => s.Item1, StringComparer.Ordinal).ThenBy(s => s.Item2)
                .Take(10).Select(s => (s.Item1, s.Item2)).ToList();

            var actual = index.Search(query, 10).Select(r => index.KeyOf(r.Row)).ToList();

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Int8Dot_AllKernelsAgreeWithTheScalarSum()
    {
        var random = new Random(5);
        foreach (var length in new[] { 0, 7, 32, 256, 300 })
        {
            var values = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
            var query = Enumerable.Range(0, length).Select(_ => (short)random.Next(-127, 128)).ToArray();
            var expected = values.Zip(query, (a, b) => a * b).Sum();

            Assert.Equal(expected, Int8Dot.ComputePortable(values, query));
            Assert.Equal(expected, Int8Dot.Compute(values, query));
            if (System.Runtime.Intrinsics.X86.Avx2.IsSupported)
            {
                Assert.Equal(expected, Int8Dot.ComputeAvx2(values, query));
            }
        }
    }

    [Fact]
    public void Search_HonoursTheRowFilter_AndRemoveSessionDropsItsRows()
    {
        var index = new VectorIndex(new EmbedderIdentity("test/axes", 4));
        index.Add("a", 1, [1, 0, 0, 0]);
        index.Add("b", 1, [0.9f, 0.1f, 0, 0]);
        index.Add("a", 2, [0, 1, 0, 0]);

        Assert.Equal([("b", 1L)], index.Search([1, 0, 0, 0], 5, row => index.KeyOf(row).SessionId == "b").Select(r => index.KeyOf(r.Row)));
        Assert.True(index.RemoveSession("a"));
        Assert.Equal(1, index.Count);
        Assert.Equal([("b", 1L)], index.Search([0, 1, 0, 0], 5).Select(r => index.KeyOf(r.Row)));
        Assert.Equal(0, index.HighWaterMark("a"));
    }

    [Fact]
    public void Add_WithTheWrongDimension_NamesBothDimensions()
    {
        var index = new VectorIndex(new EmbedderIdentity("test/x", 4));
        var error = Assert.Throws<ArgumentException>(() => index.Add("s", 1, [1, 2, 3]));
        Assert.Contains("3 dimensions", error.Message, StringComparison.Ordinal);
        Assert.Contains("expects 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VectorFile_RoundTripsExactly_AndDetectsCorruption()
    {
        var index = new VectorIndex(EmbedderIdentity.Default);
        var texts = new[] { "alpha beta", "gamma delta", "epsilon zeta eta" };
        for (var i = 0; i < texts.Length; i++)
        {
            index.Add($"s{i % 2}", i + 1, _embedder.Embed(texts[i]));
        }

        var file = VectorSegment.Write(index);
        var loaded = VectorSegment.Read(file, EmbedderIdentity.Default);

        Assert.Equal(SegmentLoadStatus.Loaded, loaded.Status);
        var query = _embedder.Embed("beta gamma");
        Assert.Equal(index.Search(query, 3), loaded.Value!.Search(query, 3));
        Assert.Equal(index.HighWaterMark("s0"), loaded.Value.HighWaterMark("s0"));
        Assert.Equal(SegmentHeader.Size + 200 + (3 * 256 * 2), file.Length, 200d);
        file[^3] ^= 0x10;
        Assert.Equal(SegmentLoadStatus.Corrupt, VectorSegment.Read(file, EmbedderIdentity.Default).Status);
    }

    [Theory]
    [InlineData("openai/text-embedding-3-small", 256)]
    [InlineData("chatdb/chatdb-hashing-v1", 384)]
    public void VectorFile_FromAnotherEmbedder_IsReportedAsEmbedderChanged(string id, int dimensions)
    {
        var index = new VectorIndex(EmbedderIdentity.Default);
        index.Add("s", 1, _embedder.Embed("hello world"));

        var result = VectorSegment.Read(VectorSegment.Write(index), new EmbedderIdentity(id, dimensions));

        Assert.Equal(SegmentLoadStatus.EmbedderChanged, result.Status);
        Assert.Null(result.Value);
        Assert.Contains("chatdb/chatdb-hashing-v1 (256 dimensions)", result.Reason, StringComparison.Ordinal);
        Assert.Contains($"{id} ({dimensions} dimensions)", result.Reason, StringComparison.Ordinal);
    }

    private static float[] RandomVector(Random random, int dimensions) =>
        [.. Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1))];

    private static float[] Half(float[] vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        return [.. vector.Select(v => (float)(System.Half)(v / norm))];
    }

    private static float Cosine(float[] query, float[] stored)
    {
        var unit = query.Select(v => v / TensorPrimitives.Norm(query)).ToArray();
        return TensorPrimitives.Dot(unit, stored);
    }
}

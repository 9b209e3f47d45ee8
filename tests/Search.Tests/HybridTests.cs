using ChatDb.Grains.Search;
using ChatDb.Storage;
using static ChatDb.Search.Tests.Messages;

namespace ChatDb.Search.Tests;

public sealed class HybridTests
{
    [Fact]
    public void Fusion_SumsReciprocalRanks_WithK60()
    {
        var fused = ReciprocalRankFusion.Fuse([[10, 20, 30], [30, 10]]);

        Assert.Equal((1.0 / 61) + (1.0 / 62), fused[10], 1e-15);
        Assert.Equal(1.0 / 62, fused[20], 1e-15);
        Assert.Equal((1.0 / 63) + (1.0 / 61), fused[30], 1e-15);
    }

    [Fact]
    public async Task DefaultMode_IsHybridWhenVectorsExist_FullTextOtherwise()
    {
        var plain = new MessageSearchIndex(new FullTextIndex());
        var withVectors = NewHybrid();
        Assert.Equal(SearchMode.FullText, plain.DefaultMode);
        Assert.Equal(SearchMode.FullText, withVectors.DefaultMode); // no vectors yet

        await withVectors.AddAsync("s", [Message(1, "hello vectors")]);

        Assert.Equal(SearchMode.Hybrid, withVectors.DefaultMode);
    }

    [Fact]
    public async Task Hybrid_ScoresAreFusedRanks_AndTheBestOfBothListsComesFirst()
    {
        var index = NewHybrid();
        await index.AddAsync("s1", [Message(1, "postgres replication lag alert"), Message(2, "lunch menu for friday")]);
        await index.AddAsync("s2", [Message(1, "replicated postgres databases lagging behind"), Message(2, "postgres upgrade notes")]);

        var hits = await index.SearchAsync(new SearchRequest("postgres replication lag"));

        Assert.Equal(("s1", 1L), (hits[0].SessionId, hits[0].Message.Seq));
        Assert.Equal(2.0 / 61, hits[0].Score, 1e-12); // first in both lists
        Assert.Contains(hits, h => h.SessionId == "s2" && h.Message.Seq == 1); // found by vectors only (no "replication" term)
        Assert.Equal("[postgres] [replication] [lag] alert", hits[0].Snippet);
    }

    [Fact]
    public async Task VectorMode_AppliesFilters()
    {
        var index = NewHybrid();
        await index.AddAsync("s1", [Message(1, "kubernetes pods crash", "user")]);
        await index.AddAsync("s2", [Message(1, "kubernetes pods crash again", "assistant")]);

        var hits = await index.SearchAsync(new SearchRequest("kubernetes crash", SearchMode.Vector, new SearchFilter(Role: "assistant")));

        Assert.Equal(["s2"], hits.Select(h => h.SessionId));
        Assert.InRange(hits[0].Score, 0.5, 1.0001);
    }

    [Fact]
    public async Task VectorMode_WithoutVectors_IsAValidationError()
    {
        var index = new MessageSearchIndex(new FullTextIndex());
        var error = await Assert.ThrowsAsync<ValidationError>(() => index.SearchAsync(new SearchRequest("x", SearchMode.Vector)));
        Assert.Contains("no embedder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAsync_SkipsWhatEachIndexAlreadyHas_AndRemoveSessionClearsBoth()
    {
        var index = NewHybrid();
        await index.AddAsync("s", [Message(1, "first words"), Message(2, "second words")]);

        var added = await index.AddAsync("s", [Message(2, "second words"), Message(3, "third words")]);

        Assert.Equal(1, added);
        Assert.Equal(3, index.Vectors!.Count);
        Assert.Equal(3, index.HighWaterMark("s"));
        Assert.True(index.RemoveSession("s"));
        Assert.Equal(0, index.Vectors.Count);
        Assert.Equal(0, index.FullText.DocumentCount);
        Assert.Empty(await index.SearchAsync(new SearchRequest("words", SearchMode.Hybrid)));
    }

    private static MessageSearchIndex NewHybrid() =>
        new(new FullTextIndex(), new VectorIndex(EmbedderIdentity.Default), new HashingEmbeddingGenerator());
}

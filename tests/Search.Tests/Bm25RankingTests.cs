using ChatDb.Grains.Search;

namespace ChatDb.Search.Tests;

/// <summary>
/// BM25 on a four-document corpus, expected scores written out from the formula with literal
/// numbers (k1 = 1.2, b = 0.75, IDF = ln(1 + (N − n + 0.5)/(n + 0.5))), never from the engine.
/// Lengths: d1 4, d2 3, d3 7, d4 5 tokens; N = 4; avgdl = 19/4 = 4.75.
/// </summary>
public sealed class Bm25RankingTests
{
    private const double Precision = 1e-12;
    private readonly FullTextIndex _index = new();

    public Bm25RankingTests()
    {
        _index.AddAll("s1", "the quick brown fox");
        _index.AddAll("s2", "the lazy dog");
        _index.AddAll("s3", "quick quick fox jumps over the dog");
        _index.AddAll("s4", "brown dog brown dog brown");
    }

    [Fact]
    public void Statistics_CountIndexedTokens()
    {
        Assert.Equal(4, _index.DocumentCount);
        Assert.Equal(19, _index.TotalLength);
    }

    [Fact]
    public void SingleTerm_ScoresMatchTheFormula()
    {
        // "quick": n = 2 → IDF = ln(1 + 2.5/2.5) = ln 2. d3: tf 2, |D| 7; d1: tf 1, |D| 4.
        var d3 = Math.Log(2) * (2 * 2.2) / (2 + 1.2 * (0.25 + 0.75 * 7 / 4.75));
        var d1 = Math.Log(2) * (1 * 2.2) / (1 + 1.2 * (0.25 + 0.75 * 4 / 4.75));

        var hits = _index.Search("quick");

        Assert.Equal(["s3", "s1"], hits.Select(h => h.SessionId));
        Assert.Equal(d3, hits[0].Score, Precision);
        Assert.Equal(d1, hits[1].Score, Precision);
    }

    [Fact]
    public void TwoTerms_AreAnded_AndTheirScoresAdd()
    {
        // "brown": n = 2 → ln 2; "dog": n = 3 → ln(1 + 1.5/3.5). Only d4 has both.
        var brown = Math.Log(2) * (3 * 2.2) / (3 + 1.2 * (0.25 + 0.75 * 5 / 4.75));
        var dog = Math.Log(1 + 1.5 / 3.5) * (2 * 2.2) / (2 + 1.2 * (0.25 + 0.75 * 5 / 4.75));

        var hits = _index.Search("brown dog");

        var hit = Assert.Single(hits);
        Assert.Equal("s4", hit.SessionId);
        Assert.Equal(brown + dog, hit.Score, Precision);
    }

    [Fact]
    public void Phrase_CountsOccurrences_WithTheSummedIdfOfItsTerms()
    {
        // "brown dog" occurs twice in d4 (positions 0-1 and 2-3); IDF = ln 2 + ln(1 + 1.5/3.5).
        var idf = Math.Log(2) + Math.Log(1 + 1.5 / 3.5);
        var expected = idf * (2 * 2.2) / (2 + 1.2 * (0.25 + 0.75 * 5 / 4.75));

        var hit = Assert.Single(_index.Search("\"brown dog\""));

        Assert.Equal(expected, hit.Score, Precision);
    }

    [Fact]
    public void Or_MatchesEither_AndScoresTheTermsThatMatch()
    {
        // "lazy": n = 1 → ln(1 + 3.5/1.5); "jumps": n = 1, same IDF.
        var idf = Math.Log(1 + 3.5 / 1.5);
        var d2 = idf * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 3 / 4.75));
        var d3 = idf * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 7 / 4.75));

        var hits = _index.Search("lazy OR jumps");

        Assert.Equal(["s2", "s3"], hits.Select(h => h.SessionId));
        Assert.Equal(d2, hits[0].Score, Precision);
        Assert.Equal(d3, hits[1].Score, Precision);
    }

    [Fact]
    public void CommonTerm_InEveryDocumentButOne_StillGetsAPositiveIdf()
    {
        // "the": n = 3 of 4 → ln(1 + 1.5/3.5) > 0 (the +1 keeps BM25 IDF positive).
        var hits = _index.Search("the");
        Assert.Equal(3, hits.Count);
        Assert.All(hits, h => Assert.True(h.Score > 0));
    }

    [Fact]
    public void Bm25Parameters_Idf_IsTheDocumentedFormula() =>
        Assert.Equal(Math.Log(1 + (10 - 3 + 0.5) / (3 + 0.5)), Bm25Parameters.Idf(10, 3), Precision);

    [Fact]
    public void Limit_KeepsTheBestOnes()
    {
        var hits = _index.Search("quick OR dog", limit: 2);
        Assert.Equal(2, hits.Count);
        Assert.Equal("s3", hits[0].SessionId); // the only document with both
    }
}

using ChatDb.Grains.Search;

namespace ChatDb.Search.Tests;

public sealed class SnippetTests
{
    [Fact]
    public void MatchedTerms_AreMarked_InTheirOriginalSpelling()
    {
        var index = new FullTextIndex();
        index.AddAll("s", "La Crème brûlée de CRÈME fraîche");

        var hit = Assert.Single(index.Search("creme"));

        Assert.Equal("La [Crème] brûlée de [CRÈME] fraîche", hit.Snippet);
    }

    [Fact]
    public void Markers_AreConfigurable()
    {
        var index = new FullTextIndex();
        index.AddAll("s", "vector search with cosine");

        var hit = Assert.Single(index.Search("cosine", snippet: new SnippetOptions("<b>", "</b>")));

        Assert.Equal("vector search with <b>cosine</b>", hit.Snippet);
    }

    [Fact]
    public void LongMessages_AreCutToAWindowAroundTheDensestMatches()
    {
        var words = Enumerable.Range(0, 100).Select(i => $"word{i}").ToList();
        words[70] = "needle";
        words[72] = "haystack";
        var index = new FullTextIndex();
        index.AddAll("s", string.Join(' ', words));

        var hit = Assert.Single(index.Search("needle OR haystack", snippet: new SnippetOptions(WindowTokens: 6)));

        Assert.StartsWith("…", hit.Snippet, StringComparison.Ordinal);
        Assert.EndsWith("…", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains("[needle] word71 [haystack]", hit.Snippet, StringComparison.Ordinal);
        Assert.Equal(6, hit.Snippet.Trim('…').Split(' ').Length);
    }

    [Fact]
    public void PhraseTerms_AreMarkedToo()
    {
        var index = new FullTextIndex();
        index.AddAll("s", "the hot dog stand");

        Assert.Equal("the [hot] [dog] stand", Assert.Single(index.Search("\"hot dog\"")).Snippet);
    }
}

using ChatDb.Grains.Search;
using ChatDb.Storage;

namespace ChatDb.Search.Tests;

public sealed class QueryTests
{
    private readonly FullTextIndex _index = new();

    public QueryTests()
    {
        _index.AddAll("a", "the state of the art in search engines");
        _index.AddAll("b", "art and state are different words in this state");
        _index.AddAll("c", "send an e-mail about the mail server");
        _index.AddAll("d", "東京タワーに行きました");
        _index.AddAll("e", "京都と東北");
    }

    [Fact]
    public void Words_AreAndedByDefault()
    {
        Assert.Equal(["a", "b"], _index.Search("state art").Select(h => h.SessionId).Order());
        Assert.Empty(_index.Search("state mail"));
    }

    [Fact]
    public void Phrase_RequiresAdjacency_AcrossDroppedShortWords()
    {
        Assert.Equal(["a"], _index.Search("\"state of the art\"").Select(h => h.SessionId));
        Assert.Empty(_index.Search("\"art state\""));
    }

    [Fact]
    public void UnquotedWordWithSeveralTerms_IsAPhrase()
    {
        Assert.Equal(["c"], _index.Search("e-mail").Select(h => h.SessionId));
        Assert.Equal(["d"], _index.Search("東京").Select(h => h.SessionId));
    }

    [Fact]
    public void Parse_GroupsOrTighterThanAnd_AndReportsIgnoredWords()
    {
        var query = QueryParser.Parse("Crème OR brûlée \"hot dog\" 🍔 of", Tokenizer.Default);

        Assert.Equal("(creme OR brulee) AND \"hot dog\"", query.ToString());
        Assert.Equal(["🍔", "of"], query.IgnoredWords);
    }

    [Fact]
    public void Parse_UnclosedQuote_RunsToTheEnd_AndStrayOrIsIgnored()
    {
        Assert.Equal("\"alpha beta\"", QueryParser.Parse("OR \"alpha beta", Tokenizer.Default).ToString());
        Assert.Equal("(alpha OR beta)", QueryParser.Parse("alpha OR OR beta OR", Tokenizer.Default).ToString());
    }

    [Fact]
    public void LowerCaseOr_IsAWord()
    {
        Assert.Equal("alpha AND or AND beta", QueryParser.Parse("alpha or beta", new Tokenizer(new TokenizerOptions { MinWordLength = 1 })).ToString());
    }

    [Fact]
    public void RepeatedTerm_CountsOnce()
    {
        var once = _index.Search("state");
        var twice = _index.Search("state state");
        Assert.Equal(once.Select(h => h.Score), twice.Select(h => h.Score));
    }

    [Fact]
    public void UnknownTerm_InAnAndQuery_MatchesNothing_ButInAnOrGroupIsHarmless()
    {
        Assert.Empty(_index.Search("state zzzunknown"));
        Assert.Equal(2, _index.Search("state OR zzzunknown").Count);
    }

    [Fact]
    public void EmptyOrIgnoredQuery_ReturnsNothing()
    {
        Assert.Empty(_index.Search(""));
        Assert.Empty(_index.Search("a of !!"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(FullTextIndex.MaxLimit + 1)]
    public void Limit_OutOfRange_IsAValidationErrorNamingTheLimit(int limit)
    {
        var error = Assert.Throws<ValidationError>(() => _index.Search("state", limit: limit));
        Assert.Contains(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }
}

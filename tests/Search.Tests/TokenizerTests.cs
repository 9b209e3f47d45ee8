using ChatDb.Grains.Search;
using ChatDb.Storage;
using FsCheck;
using FsCheck.Fluent;

namespace ChatDb.Search.Tests;

public sealed class TokenizerTests
{
    private static readonly Tokenizer Default = Tokenizer.Default;
    private static readonly Tokenizer EveryWord = new(new TokenizerOptions { MinWordLength = 1 });

    [Theory]
    [InlineData("Crème Brûlée", "creme brulee")]
    [InlineData("São Paulo, Zürich, Ærøskøbing", "sao paulo zurich æroskobing")]
    [InlineData("Łódź and Đakovo", "lodz and dakovo")]
    [InlineData("ΑΘΉΝΑ Αθήνα", "αθηνα αθηνα")]
    [InlineData("Ｆｕｌｌｗｉｄｔｈ ﬁnance", "fullwidth finance")]
    [InlineData("caf\u0065\u0301 decomposed", "cafe decomposed")]
    [InlineData("مَدْرَسَة", "مدرسة")]
    public void Terms_FoldDiacriticsCaseAndCompatibilityForms(string text, string expected) =>
        Assert.Equal(expected.Split(' '), Default.Terms(text));

    [Fact]
    public void Terms_AreRunsOfLettersAndDigits_PunctuationSeparates() =>
        Assert.Equal(["e", "mail", "foo", "bar", "baz", "don", "t", "x86", "64"], EveryWord.Terms("e-mail foo.bar/baz don't x86_64"));

    [Fact]
    public void ShortWords_AreDropped_ButNumbersAndWordsWithDigitsAreKept() =>
        Assert.Equal(["42", "b2b", "the", "deal", "7"], Default.Terms("42 is a b2b: the deal, 7 to go"));

    [Fact]
    public void DroppedWords_StillTakeAPosition()
    {
        var positions = new List<(string, int)>();
        foreach (var token in Default.Tokenize("state of the art"))
        {
            positions.Add((token.Term.ToString(), token.Position));
        }

        Assert.Equal([("state", 0), ("the", 2), ("art", 3)], positions);
    }

    [Fact]
    public void Offsets_PointAtTheOriginalText()
    {
        const string Text = "Voilà: Crème!";
        var spans = new List<string>();
        foreach (var token in Default.Tokenize(Text))
        {
            spans.Add(Text.Substring(token.Start, token.Length));
        }

        Assert.Equal(["Voilà", "Crème"], spans);
    }

    [Fact]
    public void Ideographs_AndKana_AreOneTokenEach_HangulWordsStayWhole()
    {
        Assert.Equal(["東", "京", "タ", "ワ", "ー", "tokyo"], Default.Terms("東京タワー tokyo"));
        Assert.Equal(["한국어", "공부"], Default.Terms("한국어 공부"));
    }

    [Fact]
    public void KanaVoicingMarks_AndIndicVowelSigns_AreNotFoldedAway()
    {
        Assert.Equal(["ガ", "ギ"], Default.Terms("ガギ"));
        Assert.Equal(["हिंदी"], Default.Terms("हिंदी"));
    }

    [Fact]
    public void Emoji_AndSymbols_AreSkipped() =>
        Assert.Equal(["launch", "rocket"], Default.Terms("🚀 launch ✨ rocket 👍🏽 → ©"));

    [Fact]
    public void LongTokens_AreCutToTheMaximumLength()
    {
        var tokenizer = new Tokenizer(new TokenizerOptions { MaxTokenLength = 10 });
        Assert.Equal(["abcdefghij"], tokenizer.Terms("ABCDEFGHIJKLMNOP"));
    }

    [Fact]
    public void Options_OutOfRange_AreConfigurationErrorsNamingTheSetting()
    {
        var error = Assert.Throws<ConfigurationError>(() => new Tokenizer(new TokenizerOptions { MinWordLength = 0 }));
        Assert.Contains("Search:MinWordLength", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FoldName_KeepsShortWords() => Assert.Equal("ai sao paulo", Tokenizer.FoldName(" AI  São-Paulo "));

    [Fact]
    public void AnyText_GivesNonEmptyTermsAtIncreasingPositionsInsideTheText() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>().Filter(s => s is not null), (string text) =>
        {
            var previous = -1;
            foreach (var token in EveryWord.Tokenize(text))
            {
                if (token.Term.IsEmpty || token.Position <= previous || token.Start < 0 || token.Start + token.Length > text.Length)
                {
                    return false;
                }

                previous = token.Position;
            }

            return true;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Folding_IsIdempotent() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>().Filter(s => s is not null), (string text) =>
        {
            var once = EveryWord.Terms(text);
            var twice = EveryWord.Terms(string.Join(' ', once));
            return once.SequenceEqual(twice);
        }).QuickCheckThrowOnFailure();
}

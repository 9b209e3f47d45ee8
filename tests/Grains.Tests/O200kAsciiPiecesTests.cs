using ChatDb.Grains.Tokens;
using Microsoft.ML.Tokenizers;

namespace ChatDb.Grains.Tests;

/// <summary>
/// The counter's own ASCII splitter for o200k_base must give the library's counts exactly: a corpus of the
/// awkward cases (punctuation, digit runs, contractions in any case, whitespace runs before words, digits,
/// symbols and line ends), random ASCII texts, and texts the splitter leaves to the library (non-ASCII,
/// control characters, special-token markers).
/// </summary>
public sealed class O200kAsciiPiecesTests
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    public static TheoryData<string> Corpus() =>
    [
        "",
        "hello world",
        "Message 12: the quick brown fox jumps over the lazy dog while the assistant explains group commit, fsync costs and why chat history is append-only.",
        "HELLO WORLD, HeLLo wORLD; CamelCaseWords and ALLCAPS'S",
        "don't won't I'm you're we've they'll he'd it's DON'T YOU'RE We'Ve I'LL She'D",
        "'s 's' rock'n'roll o'clock ''quoted'' ' alone '",
        "1 12 123 1234 12345 1234567 3.14159 1,000,000 0x1F 2026-12-05T21:30:00Z",
        "a  b   c    d\t\te \t f",
        "trailing spaces   ",
        "   leading spaces",
        "line one\nline two\r\nline three\n\n\nafter blank lines\r\r\n",
        "  \n  indented after newline\n\t\ttabbed",
        "symbols !!! ??? ... --- *** ### $$$ %%% ^^^ &&& (()) [[]] {{}} <<>> || \\\\ // ~~ `` @@ ++ == __ ;; :: \"\" ''",
        " !Hello !!Hello ,word .Word 9lives _under_score_ snake_case kebab-case path/to/file.txt /// ..//\n",
        "a/\n/\r\n//\n\n symbols then newline!?\n",
        "email@example.com https://example.com/a?b=c&d=e#f {\"json\":[1,2,3],\"ok\":true}",
        "x", "X", "1", "!", " ", "\n", "\t", "\r\n", " 1", " !", "\t!", " \n", "a ", "A1b2C3", "ABC123def", "abc DEF ghi",
        "$100 and 50% off: 3x faster; (see: fig. 2) -- 'quoted' \"double\" `code` <tag/> a|b ~c ^d",
        "    def f(x):\n        return x ** 2  # square\n\n",
        "non-ASCII: café, naïve, 東京, emoji 🎉, ümlaut Ünïcödé",
        "control \u0001 and \u000b vertical tab and \u000c form feed",
        "special <|endoftext|> token and <| half marker",
    ];

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Counter_GivesTheLibrarysCount(string text)
    {
        var counter = new MessageTokenCounter("o200k_base");

        var first = counter.Count(text, null) - MessageTokenCounter.PerMessageOverhead;
        var again = counter.Count(text, null) - MessageTokenCounter.PerMessageOverhead;

        Assert.Equal(O200k.CountTokens(text), first);
        Assert.Equal(first, again);
    }

    [Fact]
    public void Counter_GivesTheLibrarysCount_OnRandomAsciiTexts()
    {
        const string Alphabet = "aaaaabcdeeeefghiiijklmnoooopqrstuuvwxyzAABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789   \t\n\r''''!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~sStTrReEvVmMlLdD";
        var counter = new MessageTokenCounter("o200k_base");
        var random = new Random(20261205);
        for (var n = 0; n < 3000; n++)
        {
            var chars = new char[random.Next(1, 80)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[random.Next(Alphabet.Length)];
            }

            var text = new string(chars);
            Assert.True(
                O200k.CountTokens(text) == counter.Count(text, null) - MessageTokenCounter.PerMessageOverhead,
                $"counts differ for text {System.Text.Json.JsonSerializer.Serialize(text)}");
        }
    }

    [Theory]
    [InlineData("don't stop", new[] { "don't", " stop" })]
    [InlineData("a   b", new[] { "a", "  ", " b" })]
    [InlineData("x \n\n y", new[] { "x", " \n\n", " y" })]
    [InlineData("12345!!\n/", new[] { "123", "45", "!!\n/" })]
    [InlineData(" !Hi", new[] { " !", "Hi" })]
    public void Splitter_CutsThePiecesTheRegularExpressionWould(string text, string[] expected)
    {
        var pieces = new List<(int Start, int Length)>();

        Assert.True(O200kAsciiPieces.TrySplit(text, pieces));
        Assert.Equal(expected, pieces.Select(p => text.Substring(p.Start, p.Length)));
    }

    [Theory]
    [InlineData("café")]
    [InlineData("tab\u000bvertical")]
    [InlineData("<|endoftext|>")]
    public void Splitter_LeavesTextsItDoesNotCover_ToTheLibrary(string text) =>
        Assert.False(O200kAsciiPieces.TrySplit(text, []));
}

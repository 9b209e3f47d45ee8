using ChatDb.Grains.Internal;
using ChatDb.Storage;

namespace ChatDb.Grains.Tests.Internal;

/// <summary>The vectorised control-character scan must agree with <see cref="char.IsControl(char)"/> on every UTF-16 unit.</summary>
public sealed class TextRulesTests
{
    [Fact]
    public void IndexOfControl_agrees_with_char_IsControl_for_every_character()
    {
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var text = "ab" + (char)c + "cd";
            var expected = char.IsControl((char)c) ? 2 : -1;
            Assert.True(expected == TextRules.IndexOfControl(text), $"U+{c:X4}: expected {expected}");
        }
    }

    [Theory]
    [InlineData("plain", -1)]
    [InlineData("", -1)]
    [InlineData("a\u0085b\u0001", 1)]
    [InlineData("a\u0001b\u0085", 1)]
    [InlineData("\u007F", 0)]
    public void IndexOfControl_finds_the_first_of_both_ranges(string text, int expected) =>
        Assert.Equal(expected, TextRules.IndexOfControl(text));

    [Fact]
    public void Require_names_the_control_character()
    {
        var error = Assert.Throws<ValidationError>(() => TextRules.Require("ti\u009Ftle", "session title", 100, "user u1"));
        Assert.Contains("no-control-characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("U+009F", error.Message, StringComparison.Ordinal);
    }
}

using ChatDb.Grains.Knowledge;
using ChatDb.Storage;

namespace ChatDb.Search.Tests.Knowledge;

/// <summary>A knowledge filename becomes a path segment: only one safe segment with a readable extension passes.</summary>
public sealed class KnowledgeFilenameTests
{
    [Theory]
    [InlineData("..")]
    [InlineData("../x.txt")]
    [InlineData("a/b.txt")]
    [InlineData("a\\b.txt")]
    [InlineData(".hidden.txt")]
    [InlineData("bell\u0007.txt")]
    [InlineData("nul\0.txt")]
    [InlineData("noextension")]
    [InlineData("tool.exe")]
    [InlineData("image.png")]
    [InlineData("two.tar.txt")]
    [InlineData("")]
    public void HostileOrUnreadableNames_AreValidationErrors(string filename) =>
        Assert.Throws<ValidationError>(() => KnowledgeFilenames.Validate(filename));

    [Fact]
    public void OverlongNames_AreRefusedNamingTheLimit()
    {
        var name = new string('a', KnowledgeFilenames.MaxLength - 3) + ".md";
        Assert.Equal(name, KnowledgeFilenames.Validate(name));

        var error = Assert.Throws<ValidationError>(() => KnowledgeFilenames.Validate("a" + name));
        Assert.Contains($"more than {KnowledgeFilenames.MaxLength}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("policy.pdf")]
    [InlineData("Notes_2026-01.MD")]
    [InlineData("page.htm")]
    public void ReadableNames_Pass(string filename) => Assert.Equal(filename, KnowledgeFilenames.Validate(filename));
}

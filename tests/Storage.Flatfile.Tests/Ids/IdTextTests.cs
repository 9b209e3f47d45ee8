using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Tests.Ids;

public sealed class IdTextTests
{
    [Theory]
    [InlineData("alice", "\"alice\"")]
    [InlineData("a\0b", "\"a\\u0000b\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("\uFF41", "\"\\uFF41\"")]
    [InlineData("tab\there", "\"tab\\u0009here\"")]
    public void Escape_MakesEveryCharacterVisible(string id, string expected)
    {
        Assert.Equal(expected, IdText.Escape(id));
    }

    [Fact]
    public void Escape_LongId_IsCutAndReportsItsLength()
    {
        var escaped = IdText.Escape(new string('a', 300));

        Assert.Equal($"\"{new string('a', IdText.MaxShownCharacters)}\"... (300 characters)", escaped);
    }
}

using ChatDb.Storage.Flatfile.Ids;
using ChatDb.Storage.Flatfile.Tests.Support;

namespace ChatDb.Storage.Flatfile.Tests.Ids;

public sealed class SafePathTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly string _base;

    public SafePathTests()
    {
        _base = _root.Combine("data");
        Directory.CreateDirectory(_base);
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Combine_PlainSegments_ReturnsTheFullPathUnderBase()
    {
        var path = SafePath.Combine(_base, "users", "alice", "profile.json");

        Assert.Equal(Path.Join(Path.GetFullPath(_base), "users", "alice", "profile.json"), path);
        Assert.False(Directory.Exists(Path.Join(_base, "users")), "Combine must create nothing");
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("/etc")]
    [InlineData("a\0b")]
    [InlineData("")]
    public void Combine_SegmentThatIsNotOneComponent_IsRejected(string segment)
    {
        var error = Assert.Throws<ValidationError>(() => SafePath.Combine(_base, "users", segment));

        Assert.Contains("'inside-data-directory'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Combine_ThroughADirectorySymlinkPointingOutside_IsRejectedNamingTheLink()
    {
        var outside = _root.Combine("outside");
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(Path.Join(_base, "users"));
        Directory.CreateSymbolicLink(Path.Join(_base, "users", "alice"), outside);
        var before = DirectorySnapshot.Take(_root.Path);

        var error = Assert.Throws<ValidationError>(() => SafePath.Combine(_base, "users", "alice", "profile.json"));

        Assert.Contains("'no-symbolic-link'", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Join("users", "alice"), error.Message, StringComparison.Ordinal);
        Assert.Contains(outside, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, DirectorySnapshot.Take(_root.Path));
    }

    [Fact]
    public void Combine_ThroughASymlinkPointingInsideBase_IsAlsoRejected()
    {
        Directory.CreateDirectory(Path.Join(_base, "users", "bob"));
        Directory.CreateSymbolicLink(Path.Join(_base, "users", "alice"), Path.Join(_base, "users", "bob"));

        Assert.Throws<ValidationError>(() => SafePath.Combine(_base, "users", "alice"));
    }

    [Fact]
    public void Combine_TargetFileThatIsASymlink_IsRejected()
    {
        var outsideFile = _root.Combine("secret.json");
        File.WriteAllText(outsideFile, "{}");
        Directory.CreateDirectory(Path.Join(_base, "users", "alice"));
        File.CreateSymbolicLink(Path.Join(_base, "users", "alice", "profile.json"), outsideFile);

        var error = Assert.Throws<ValidationError>(() => SafePath.Combine(_base, "users", "alice", "profile.json"));

        Assert.Contains("'no-symbolic-link'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Combine_DanglingSymlink_IsRejected()
    {
        Directory.CreateDirectory(Path.Join(_base, "users"));
        Directory.CreateSymbolicLink(Path.Join(_base, "users", "alice"), _root.Combine("does-not-exist"));

        Assert.Throws<ValidationError>(() => SafePath.Combine(_base, "users", "alice", "profile.json"));
    }

    [Fact]
    public void Combine_BaseDirectoryItselfASymlink_IsAllowed()
    {
        var linkedBase = _root.Combine("linked-data");
        Directory.CreateSymbolicLink(linkedBase, _base);

        var path = SafePath.Combine(linkedBase, "users", "alice");

        Assert.Equal(Path.Join(linkedBase, "users", "alice"), path);
    }
}

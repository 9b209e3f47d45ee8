using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Tests.Support;

namespace ChatDb.Storage.Flatfile.Tests.Documents;

public sealed class DirectorySyncTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Fsync_ExistingDirectory_Succeeds()
    {
        DirectorySync.Fsync(_directory.Path);

        Assert.True(Directory.Exists(_directory.Path));
    }

    [Fact]
    public void Fsync_MissingDirectory_ThrowsStorageErrorWithTheReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var missing = _directory.Combine("missing");

        var error = Assert.Throws<StorageError>(() => DirectorySync.Fsync(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("errno 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fsync_AFileInsteadOfADirectory_ThrowsStorageError()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var file = _directory.Combine("file.json");
        File.WriteAllText(file, "{}");

        var error = Assert.Throws<StorageError>(() => DirectorySync.Fsync(file));

        Assert.Contains("errno 20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateDirectory_Durable_CreatesAllMissingParents()
    {
        var deep = _directory.Combine("a", "b", "c");

        DirectorySync.CreateDirectory(deep, durable: true);

        Assert.True(Directory.Exists(deep));
    }
}

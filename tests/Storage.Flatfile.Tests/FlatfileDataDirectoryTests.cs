using ChatDb.Storage.Flatfile.Tests.Json;
using ChatDb.Storage.Flatfile.Tests.Support;

namespace ChatDb.Storage.Flatfile.Tests;

public sealed class FlatfileDataDirectoryTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Open_AfterACrashMidWrite_RemovesTheTempFileAndKeepsTheDocument()
    {
        var options = StorageOptions.At(_directory.Path);
        using (var first = FlatfileDataDirectory.Open(options))
        {
            await first.Documents.WriteAsync(first.Layout.UserProfileFile("alice"), ModelSamples.Profile);
        }

        var leftover = Path.Join(_directory.Path, "users", "alice", "profile.json.00112233445566ff.tmp");
        await File.WriteAllTextAsync(leftover, "{\"user_id\":");

        using var reopened = FlatfileDataDirectory.Open(options);

        Assert.Equal(1, reopened.RemovedTempFiles);
        Assert.False(File.Exists(leftover));
        var profile = await reopened.Documents.ReadAsync<Grains.Models.UserProfile>(reopened.Layout.UserProfileFile("alice"));
        Assert.Equal("alice", profile?.UserId);
    }

    [Fact]
    public void Dispose_OfTheLastSiloOnASharedDirectory_RemovesTheTempFilesOfKilledWriters_AndNotBefore()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // Off Linux a shared directory is exclusive: one silo, which cleans up when it opens.
        }

        var options = StorageOptions.At(_directory.Path);
        var first = FlatfileDataDirectory.Open(options, clusterId: "c1");
        var second = FlatfileDataDirectory.Open(options, clusterId: "c1");
        // What a silo killed mid-write leaves while the others run on.
        var leftover = Path.Join(_directory.Path, "users", "alice", ".index", "sessions.json.00112233445566ff.tmp");
        Directory.CreateDirectory(Path.GetDirectoryName(leftover)!);
        File.WriteAllText(leftover, "{\"sessions\":");

        first.Dispose();
        Assert.True(File.Exists(leftover), "a silo that is not the last must leave temp files alone: another may be writing them");

        second.Dispose();
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public void Open_WhileOpen_FailsWithConfigurationError()
    {
        var options = StorageOptions.At(_directory.Path);
        using var first = FlatfileDataDirectory.Open(options);

        Assert.Throws<ConfigurationError>(() => FlatfileDataDirectory.Open(options));
    }

    [Fact]
    public void Open_InvalidOptions_FailsBeforeTouchingTheDirectory()
    {
        var options = StorageOptions.At(_directory.Combine("data"));
        options.ChatLimits.MaxMessageSizeBytes = 0;

        var error = Assert.Throws<ConfigurationError>(() => FlatfileDataDirectory.Open(options));

        Assert.Contains("Storage:MaxMessageSizeBytes", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory.Combine("data")));
    }
}

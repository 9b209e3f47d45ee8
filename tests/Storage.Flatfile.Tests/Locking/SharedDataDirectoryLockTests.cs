using ChatDb.Storage.Flatfile.Locking;
using ChatDb.Storage.Flatfile.Tests.Support;

namespace ChatDb.Storage.Flatfile.Tests.Locking;

/// <summary>The data directory lock shared by the silos of one cluster and exclusive for offline commands.</summary>
public sealed class SharedDataDirectoryLockTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly string _base;

    public SharedDataDirectoryLockTests() => _base = _directory.Combine("data");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void SilosOfOneCluster_ShareTheDirectory_AndTheFirstRecordsTheClusterId()
    {
        using var first = DataDirectoryLock.AcquireShared(_base, "blue");
        using var second = DataDirectoryLock.AcquireShared(_base, "blue");

        Assert.True(first.First);
        Assert.False(second.First);
        Assert.Equal("blue", second.ClusterId);
        Assert.Equal($"{Environment.ProcessId}\nblue\n", ReadShared(first.LockFilePath));
        Assert.True(first.Fences!.OtherSilosPresent());
        Assert.True(second.Fences!.OtherSilosPresent());
    }

    [Fact]
    public void ASiloOfAnotherCluster_IsRefused_NamingBothClusterIdsAndTheDirectory()
    {
        using var blue = DataDirectoryLock.AcquireShared(_base, "blue");

        var error = Assert.Throws<ConfigurationError>(() => DataDirectoryLock.AcquireShared(_base, "green"));

        Assert.Contains($"data directory '{_base}' is in use by the silos of cluster 'blue'", error.Message, StringComparison.Ordinal);
        Assert.Contains("this silo's cluster id is 'green'", error.Message, StringComparison.Ordinal);
        Assert.Contains("--cluster-id blue", error.Message, StringComparison.Ordinal);
        Assert.False(blue.Fences!.OtherSilosPresent());
    }

    [Fact]
    public void AnOfflineCommand_IsRefusedWhileSilosHoldTheDirectory_NamingTheirCluster()
    {
        using var silo = DataDirectoryLock.AcquireShared(_base, "blue");

        var error = Assert.Throws<ConfigurationError>(() => DataDirectoryLock.Acquire(_base));

        Assert.Contains($"data directory '{_base}' is in use by the silos of cluster 'blue'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"(pid {Environment.ProcessId})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASilo_IsRefusedWhileAnOfflineCommandHoldsTheDirectory()
    {
        using var command = DataDirectoryLock.Acquire(_base);

        var error = Assert.Throws<ConfigurationError>(() => DataDirectoryLock.AcquireShared(_base, "blue"));

        Assert.Contains($"data directory '{_base}' is in use by this process (pid {Environment.ProcessId}), an offline command", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnceTheLastSiloLeft_AnotherClusterOrAnOfflineCommandMayTakeTheDirectory()
    {
        DataDirectoryLock.AcquireShared(_base, "blue").Dispose();

        using (var green = DataDirectoryLock.AcquireShared(_base, "green"))
        {
            Assert.True(green.First);
            Assert.Equal($"{Environment.ProcessId}\ngreen\n", ReadShared(green.LockFilePath));
        }

        using var command = DataDirectoryLock.Acquire(_base);
        Assert.False(command.IsShared);
    }

    [Fact]
    public async Task ASecondSilo_WaitsForTheFirstToFinishOpening()
    {
        using var first = DataDirectoryLock.AcquireShared(_base, "blue", holdStartGate: true);
        using var gate = new ManualResetEventSlim();
        var joining = Task.Run(() =>
        {
            gate.Set();
            return DataDirectoryLock.AcquireShared(_base, "blue");
        });
        gate.Wait();

        // The first silo still holds the start gate: the second cannot have joined.
        Assert.NotSame(joining, await Task.WhenAny(joining, Task.Delay(TimeSpan.FromMilliseconds(200))));
        first.EndStart();
        using var second = await joining;
        Assert.False(second.First);
    }

    [Theory]
    [InlineData(".lock", true)]
    [InlineData(".fences", true)]
    [InlineData(".fences.17", true)]
    [InlineData(".fencesx", false)]
    [InlineData("users", false)]
    public void IsLockFile_NamesTheTwoLockFiles(string name, bool expected) =>
        Assert.Equal(expected, DataDirectoryLock.IsLockFile(name));

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

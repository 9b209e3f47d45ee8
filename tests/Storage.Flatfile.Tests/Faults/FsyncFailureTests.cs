using System.Text;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Flatfile.Tests.Support;

namespace ChatDb.Storage.Flatfile.Tests.Faults;

/// <summary>Focused cases of failed flushes to disk, each checked against a simulated power loss afterwards.</summary>
public sealed class FsyncFailureTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AppendAfterFailedFsync_IsRefusedUntilReopen_AndTheReopenedLogDoesNotCountTheFailedBatch()
    {
        var (fault, disk, path) = Disk();
        await using (var seeded = await AppendLog.OpenAsync(path, new AppendLogOptions { FileSystem = disk }))
        {
            Assert.Equal(1, await seeded.AppendAsync(Record("durable")));
        }

        // Write, then fsync: the 2nd operation of this append fails once.
        var log = await AppendLog.OpenAsync(path, new AppendLogOptions { FileSystem = disk });
        fault.Arm(2, InjectedFault.Eio, persistent: false);
        await Assert.ThrowsAsync<StorageError>(async () => await log.AppendAsync(Record("lost")));
        Assert.Equal(InjectedFault.Eio, fault.FirstFault?.Fault);
        Assert.Equal(FileOperation.FlushToDisk, fault.FirstFault?.Operation);
        var fsyncsBefore = fault.Operations;
        await Assert.ThrowsAsync<StorageError>(async () => await log.AppendAsync(Record("refused")));
        Assert.True(fault.Operations == fsyncsBefore, "the faulted log touched the file again instead of refusing the append");
        await log.DisposeAsync();

        await using (var reopened = await AppendLog.OpenAsync(path, new AppendLogOptions { FileSystem = disk }))
        {
            Assert.Equal(1, reopened.Count);
            Assert.Equal(2, await reopened.AppendAsync(Record("after reopen")));
        }

        disk.Recover(PowerLossMode.Drop, new Random(1));
        await using var recovered = await AppendLog.OpenAsync(path, new AppendLogOptions { FileSystem = NoSyncFileSystem.Instance });
        Assert.Equal(["durable", "after reopen"], (await recovered.ReadRangeAsync(1, 10)).Select(Text));
    }

    [Fact]
    public async Task LogWhoseCreationWasNotSynced_SyncsItsDirectoryOnTheNextOpen()
    {
        var (fault, disk, path) = Disk();

        // Creating the log: open (1), directory fsync (2) fails.
        fault.Arm(2, InjectedFault.Eio, persistent: false);
        await Assert.ThrowsAsync<StorageError>(() => AppendLog.OpenAsync(path, new AppendLogOptions { FileSystem = disk }));
        Assert.Equal(FileOperation.SyncDirectory, fault.FirstFault?.Operation);
        Assert.True(File.Exists(path), "the failed open should have left the created file behind");

        await using (var log = await AppendLog.OpenAsync(path, new AppendLogOptions { FileSystem = disk }))
        {
            Assert.Equal(1, await log.AppendAsync(Record("acknowledged")));
        }

        disk.Recover(PowerLossMode.Drop, new Random(1));
        await using var recovered = await AppendLog.OpenAsync(path, new AppendLogOptions { FileSystem = NoSyncFileSystem.Instance });
        Assert.Equal(["acknowledged"], (await recovered.ReadRangeAsync(1, 10)).Select(Text));
    }

    private (FaultInjectingFileSystem Fault, PowerLossFileSystem Disk, string Path) Disk()
    {
        var root = _temp.Combine("disk");
        var fault = new FaultInjectingFileSystem(NoSyncFileSystem.Instance);
        return (fault, new PowerLossFileSystem(root, fault), Path.Combine(root, "messages.jsonl"));
    }

    private static ReadOnlyMemory<byte> Record(string text) => Encoding.UTF8.GetBytes($"{{\"text\":\"{text}\"}}");

    private static string Text(LogRecord record)
    {
        using var document = System.Text.Json.JsonDocument.Parse(record.Json);
        return document.RootElement.GetProperty("text").GetString()!;
    }
}

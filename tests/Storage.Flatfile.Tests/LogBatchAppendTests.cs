using ChatDb.Storage.Flatfile.IO;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Flatfile.Tests.Faults;
using ChatDb.Storage.Logs;

namespace ChatDb.Storage.Flatfile.Tests;

/// <summary>A batch of records (a batch of messages) reaches the disk in one write and one fsync.</summary>
public sealed class LogBatchAppendTests : IDisposable
{
    private readonly LogTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AppendBatch_OfAHundredRecords_IsOneWriteAndOneFsync()
    {
        var path = _directory.File();
        var counter = new CountingFileSystem(path);
        await using (var log = await AppendLog.OpenAsync(path, new AppendLogOptions { FileSystem = counter }))
        {
            await log.AppendAsync(LogJson.Object("first"));
            var (writes, flushes) = (counter.Writes, counter.Flushes);

            var last = await log.AppendBatchAsync([.. Enumerable.Range(0, 100).Select(i => LogJson.Object($"b{i}"))], expectedCount: 1);

            Assert.Equal(101, last);
            Assert.Equal(1, counter.Writes - writes);
            Assert.Equal(1, counter.Flushes - flushes);
        }

        await using var reopened = await AppendLog.OpenAsync(path, new AppendLogOptions());
        var records = await reopened.ReadRangeAsync(2, 100);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"b{i}"), LogJson.Texts(records));
    }

    [Fact]
    public async Task DeferredAppends_AreWrittenWithoutAnFsync_AndTheNextDurableAppendsFsyncCoversThem()
    {
        var path = _directory.File();
        var counter = new CountingFileSystem(path);
        await using (var log = await AppendLog.OpenAsync(path, new AppendLogOptions { FileSystem = counter }))
        {
            await log.AppendAsync(LogJson.Object("first"));
            var (writes, flushes) = (counter.Writes, counter.Flushes);

            Assert.Equal(3, await log.AppendBatchAsync([LogJson.Object("d1"), LogJson.Object("d2")], expectedCount: 1, LogDurability.Deferred));
            Assert.Equal((1, 0), (counter.Writes - writes, counter.Flushes - flushes));

            Assert.Equal(4, await log.AppendBatchAsync([LogJson.Object("durable")], expectedCount: 3));
            Assert.Equal((2, 1), (counter.Writes - writes, counter.Flushes - flushes));
        }

        await using var reopened = await AppendLog.OpenAsync(path, new AppendLogOptions());
        Assert.Equal(["first", "d1", "d2", "durable"], LogJson.Texts(await reopened.ReadRangeAsync(1, 10)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PowerLoss_LosesOnlyDeferredAppendsThatNoDurableAppendFollowed(bool durableAfter)
    {
        var root = _directory.File() + ".d";
        var disk = new PowerLossFileSystem(root, NoSyncFileSystem.Instance);
        var path = Path.Join(root, "events.jsonl");
        var log = await AppendLog.OpenAsync(path, new AppendLogOptions { FileSystem = disk });
        await log.AppendAsync(LogJson.Object("durable"));
        await log.AppendBatchAsync([LogJson.Object("deferred")], durability: LogDurability.Deferred);
        if (durableAfter)
        {
            await log.AppendBatchAsync([LogJson.Object("durable after")]);
        }

        disk.CrashNow();
        try
        {
            await log.DisposeAsync();
        }
        catch (SimulatedPowerLossException)
        {
            // Closing after the power went is not part of what the disk holds.
        }

        disk.Recover(PowerLossMode.Drop, new Random(1));
        await using var reopened = await AppendLog.OpenAsync(path, new AppendLogOptions());
        string[] expected = durableAfter ? ["durable", "deferred", "durable after"] : ["durable"];
        Assert.Equal(expected, LogJson.Texts(await reopened.ReadRangeAsync(1, 10)));
    }

    /// <summary>Counts the writes and fsyncs of one file (the log itself; its sparse index side file is written unsynced and not counted).</summary>
    private sealed class CountingFileSystem(string path) : DelegatingFileSystem(FlatfileFileSystem.Instance)
    {
        private readonly HashSet<Microsoft.Win32.SafeHandles.SafeFileHandle> _handles = [];
        private int _writes;
        private int _flushes;

        public override Microsoft.Win32.SafeHandles.SafeFileHandle OpenHandle(string file, FileMode mode, FileAccess access, FileShare share)
        {
            var handle = base.OpenHandle(file, mode, access, share);
            if (file == path)
            {
                lock (_handles)
                {
                    _handles.Add(handle);
                }
            }

            return handle;
        }

        public int Writes => _writes;

        public int Flushes => _flushes;

        public override void Write(Microsoft.Win32.SafeHandles.SafeFileHandle handle, ReadOnlySpan<byte> buffer, long fileOffset)
        {
            if (IsLog(handle))
            {
                Interlocked.Increment(ref _writes);
            }

            base.Write(handle, buffer, fileOffset);
        }

        public override void FlushToDisk(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
        {
            if (IsLog(handle))
            {
                Interlocked.Increment(ref _flushes);
            }

            base.FlushToDisk(handle);
        }

        private bool IsLog(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
        {
            lock (_handles)
            {
                return _handles.Contains(handle);
            }
        }
    }
}

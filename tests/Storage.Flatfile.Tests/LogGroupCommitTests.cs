using ChatDb.Storage.Flatfile.IO;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Flatfile.Tests.Faults;

namespace ChatDb.Storage.Flatfile.Tests;

public sealed class LogGroupCommitTests : IDisposable
{
    private readonly LogTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ConcurrentAppends_AllCompleteDurablyWithDistinctSequencesInFileOrder()
    {
        var path = _directory.File();
        var flusher = new CountingFlusher();
        const int Appenders = 32;
        const int PerAppender = 20;
        await using (var log = await AppendLog.OpenAsync(path, new AppendLogOptions { FileSystem = flusher }))
        {
            // Dedicated threads: the test runner may hold the few pool threads of a 2-core machine.
            var sequences = new long[Appenders][];
            var threads = Enumerable.Range(0, Appenders).Select(a => new Thread(() =>
            {
                sequences[a] = new long[PerAppender];
                for (var i = 0; i < PerAppender; i++)
                {
                    sequences[a][i] = log.AppendAsync(LogJson.Object($"a{a}-{i}")).AsTask().GetAwaiter().GetResult();
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => Assert.True(t.Join(TimeSpan.FromSeconds(60)), "an appender thread did not finish its appends within 60 s"));
            var all = sequences.SelectMany(s => s).Order().ToArray();

            Assert.Equal(Enumerable.Range(1, Appenders * PerAppender).Select(i => (long)i), all);
            Assert.True(flusher.Calls < Appenders * PerAppender, $"{flusher.Calls} fsyncs for {Appenders * PerAppender} concurrent appends: no group commit");
        }

        await using var reopened = await AppendLog.OpenAsync(path, new AppendLogOptions());
        var records = await reopened.ReadRangeAsync(1, Appenders * PerAppender);
        Assert.Equal(Enumerable.Range(1, Appenders * PerAppender).Select(i => (long)i), LogJson.Sequences(records));
        Assert.Equal(Appenders * PerAppender, LogJson.Texts(records).Distinct().Count());
        Assert.Equal(Appenders * PerAppender, File.ReadAllLines(path).Length);
    }

    [Fact]
    public async Task AppendsQueuedBehindACommitInProgress_ShareOneFsyncAndCompleteOnlyAfterIt()
    {
        using var flusher = new GatedFlusher();
        await using var log = await AppendLog.OpenAsync(_directory.File(), new AppendLogOptions { FileSystem = flusher });

        var leader = Task.Run(async () => await log.AppendAsync(LogJson.Object("leader")));
        flusher.WaitUntilFirstFlush();
        var followers = Enumerable.Range(0, 50).Select(i => log.AppendAsync(LogJson.Object($"f{i}")).AsTask()).ToArray();

        Assert.False(leader.IsCompleted, "the leader completed before its fsync returned");
        Assert.DoesNotContain(followers, f => f.IsCompleted);
        Assert.Equal(0, log.Count);

        flusher.Release();
        Assert.Equal(1, await leader);
        Assert.Equal(Enumerable.Range(2, 50).Select(i => (long)i), await Task.WhenAll(followers));
        Assert.Equal(2, flusher.Calls);
        Assert.Equal(51, log.Count);
    }

    [Fact]
    public async Task OsBufferedMode_AcknowledgesWithoutAnyFsync()
    {
        var flusher = new CountingFlusher();
        await using var log = await AppendLog.OpenAsync(_directory.File(), new AppendLogOptions { FsyncOnCommit = false, FileSystem = flusher });

        for (var i = 0; i < 100; i++)
        {
            await log.AppendAsync(LogJson.Object($"m{i}"));
        }

        Assert.Equal(0, flusher.Calls);
        Assert.Equal(100, log.Count);
        Assert.Equal("m99", LogJson.Text(Assert.Single(await log.ReadTailAsync(1))));
    }

    [Fact]
    public async Task OsBufferedMode_CreatesANewLogWithoutSyncingItsDirectory_WhileFsyncModeSyncsIt()
    {
        var buffered = new FsyncCountingFileSystem(FlatfileFileSystem.Instance);
        await using (var log = await AppendLog.OpenAsync(_directory.File("buffered.jsonl"), new AppendLogOptions { FsyncOnCommit = false, FileSystem = buffered }))
        {
            await log.AppendAsync(LogJson.Object("m"));
        }

        var durable = new FsyncCountingFileSystem(FlatfileFileSystem.Instance);
        await using (var log = await AppendLog.OpenAsync(_directory.File("durable.jsonl"), new AppendLogOptions { FileSystem = durable }))
        {
            Assert.Equal(1, durable.Fsyncs);
            await log.AppendAsync(LogJson.Object("m"));
        }

        Assert.Equal((0, 2), (buffered.Fsyncs, durable.Fsyncs));
    }

    [Fact]
    public async Task FailedFsync_FailsEveryPendingAppend_FaultsTheLog_AndReopenRecoversFromDisk()
    {
        var path = _directory.File();
        using var flusher = new GatedFlusher { Fail = true };
        var log = await AppendLog.OpenAsync(path, new AppendLogOptions { FileSystem = flusher });

        var leader = Task.Run(async () => await log.AppendAsync(LogJson.Object("leader")));
        flusher.WaitUntilFirstFlush();
        var followers = Enumerable.Range(0, 5).Select(i => log.AppendAsync(LogJson.Object($"f{i}")).AsTask()).ToArray();
        flusher.Release();

        var failure = await Assert.ThrowsAsync<StorageError>(() => leader);
        Assert.Contains(path, failure.Message, StringComparison.Ordinal);
        Assert.Contains("fsync", failure.Message, StringComparison.Ordinal);
        Assert.IsType<IOException>(failure.InnerException);
        foreach (var follower in followers)
        {
            await Assert.ThrowsAsync<StorageError>(() => follower);
        }

        Assert.True(log.IsFaulted);
        Assert.Equal(0, log.Count);
        var later = await Assert.ThrowsAsync<StorageError>(async () => await log.AppendAsync(LogJson.Object("later")));
        Assert.Contains("accepts no appends", later.Message, StringComparison.Ordinal);
        Assert.Contains(path, later.Message, StringComparison.Ordinal);
        await log.DisposeAsync();

        // The failed batch was cut back off the file; what is on disk is what the log holds now.
        await using var reopened = await AppendLog.OpenAsync(path, new AppendLogOptions());
        var onDisk = File.ReadAllLines(path).Length;
        Assert.Equal(onDisk, reopened.Count);
        Assert.Equal(onDisk + 1, await reopened.AppendAsync(LogJson.Object("after reopen")));
    }

    [Fact]
    public async Task FailedFsync_IsNeverRetriedSilently()
    {
        var flusher = new ThrowingFlusher();
        await using var log = await AppendLog.OpenAsync(_directory.File(), new AppendLogOptions { FileSystem = flusher });

        await Assert.ThrowsAsync<StorageError>(async () => await log.AppendAsync(LogJson.Object("a")));
        await Assert.ThrowsAsync<StorageError>(async () => await log.AppendAsync(LogJson.Object("b")));

        Assert.Equal(1, flusher.Calls);
    }

    [Fact]
    public async Task Dispose_WaitsForQueuedAppendsToCommit()
    {
        var path = _directory.File();
        using var flusher = new GatedFlusher();
        var log = await AppendLog.OpenAsync(path, new AppendLogOptions { FileSystem = flusher });
        var leader = Task.Run(async () => await log.AppendAsync(LogJson.Object("leader")));
        flusher.WaitUntilFirstFlush();
        var follower = log.AppendAsync(LogJson.Object("follower")).AsTask();

        var disposing = log.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted, "dispose finished while a commit was in progress");
        flusher.Release();
        await disposing;

        Assert.Equal(2, await follower);
        Assert.Equal(2, File.ReadAllLines(path).Length);
    }

    /// <summary>Fails every fsync; counts the ones made while the file held record bytes (not the cut back to empty).</summary>
    private sealed class ThrowingFlusher() : DelegatingFileSystem(FlatfileFileSystem.Instance)
    {
        private int _calls;

        public int Calls => _calls;

        public override void FlushToDisk(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
        {
            if (Inner.GetLength(handle) > 0)
            {
                Interlocked.Increment(ref _calls);
            }

            throw new IOException("injected EIO");
        }

        public override void SyncDirectory(string directory)
        {
        }
    }
}

using ChatDb.Storage.Flatfile.IO;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Flatfile.Tests.Faults;

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

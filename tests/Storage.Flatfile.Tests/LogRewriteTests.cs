using System.Text;
using ChatDb.Storage.Flatfile.IO;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Flatfile.Tests.Faults;

namespace ChatDb.Storage.Flatfile.Tests;

/// <summary>
/// <see cref="LogRewrite"/>: a record replaced without moving a sequence number, by a new file renamed in; a
/// power loss at any step leaves the old log or the new one, whole, with an offset index that agrees.
/// </summary>
public sealed class LogRewriteTests : IDisposable
{
    private const int Records = 300;
    private const string Replacement = "{\"text\":\"\"}";

    private readonly LogTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Rewrite_ReplacesOneRecord_KeepsEveryOther_AndTheNextOpenRebuildsTheIndex()
    {
        var path = await NewIndexedLogAsync(_directory.File());
        var before = new FileInfo(path).Length;

        Rewrite(path, FlatfileFileSystem.Instance);

        var records = await ReadAllAsync(path);
        Assert.Equal(Records, records.Count);
        Assert.Equal(string.Empty, LogJson.Text(records[2]));
        Assert.Equal("m4", LogJson.Text(records[3]));
        Assert.Equal("m300", LogJson.Text(records[^1]));
        Assert.DoesNotContain("\"m3\"", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.True(before > new FileInfo(path).Length);
        Assert.True(File.Exists(LogIndexFile.PathFor(path)), "the open after the rewrite builds a fresh index");
    }

    [Fact]
    public void Rewrite_ScrubsTheKeptAsideTailAndDropsALeftoverArchive()
    {
        var path = _directory.File();
        LogJson.WriteLog(path, 5);
        File.WriteAllText(path + ".corrupt", "#chatdb-cut-tail {\"at\":\"x\"}\n{\"seq\":3,\"text\":\"m3 torn\n#chatdb-cut-tail {\"at\":\"y\"}\n{\"seq\":6,\"text\":\"keep me\"}\n{\"seq\":6,\"text\":\"said m3 again\"}\n");
        File.WriteAllText(path + ".gz", "old compressed copy");

        LogRewrite.Rewrite(path, 5, new Dictionary<long, ReadOnlyMemory<byte>> { [3] = Encoding.UTF8.GetBytes(Replacement) }, ["m3"],
            path + ".0123456789abcdef.tmp", side => side + ".fedcba9876543210.tmp", FlatfileFileSystem.Instance, durable: true);

        var quarantine = File.ReadAllText(path + ".corrupt");
        Assert.DoesNotContain("m3", quarantine, StringComparison.Ordinal);
        Assert.Contains("keep me", quarantine, StringComparison.Ordinal);
        Assert.False(File.Exists(path + ".gz"));
        Assert.DoesNotContain("m3", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(["messages.jsonl", "messages.jsonl.corrupt"], Directory.GetFiles(_directory.Root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Rewrite_OfARecordPastTheEnd_IsNotFound_AndChangesNothing()
    {
        var path = _directory.File();
        LogJson.WriteLog(path, 2);
        var before = File.ReadAllBytes(path);

        Assert.Throws<NotFoundError>(() => LogRewrite.Rewrite(path, 2, new Dictionary<long, ReadOnlyMemory<byte>> { [3] = Encoding.UTF8.GetBytes(Replacement) }, [],
            path + ".0123456789abcdef.tmp", side => side + ".t", FlatfileFileSystem.Instance, durable: true));

        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData(PowerLossMode.Drop)]
    [InlineData(PowerLossMode.Tear)]
    internal async Task Rewrite_CutByAPowerLossAtAnyOperation_LeavesTheOldOrTheNewLogWhole(PowerLossMode mode)
    {
        var operations = await CountOperationsAsync();
        var sawOld = false;
        var sawNew = false;
        for (var crashAt = 1; crashAt <= operations + 1; crashAt++)
        {
            using var directory = new LogTestDirectory();
            var path = await NewIndexedLogAsync(directory.File());
            var disk = new PowerLossFileSystem(directory.Root, NoSyncFileSystem.Instance);
            disk.CrashAt(crashAt);
            var failure = Record.Exception(() => Rewrite(path, disk));
            Assert.True(crashAt > operations || failure is not null, $"crash point {crashAt}: the rewrite finished although the power went");
            disk.Recover(mode, new Random(crashAt));

            var records = await ReadAllAsync(path);
            Assert.True(records.Count == Records, $"crash point {crashAt} ({mode}): the log holds {records.Count} records, not {Records}");
            var third = LogJson.Text(records[2]);
            Assert.True(third is "m3" or "", $"crash point {crashAt} ({mode}): record 3 reads '{third}'");
            Assert.Equal("m299", LogJson.Text(records[298]));
            sawOld |= third == "m3";
            sawNew |= third.Length == 0;
        }

        Assert.True(sawOld && sawNew, "the crash points cover both outcomes");
    }

    private async Task<int> CountOperationsAsync()
    {
        using var directory = new LogTestDirectory();
        var path = await NewIndexedLogAsync(directory.File());
        var disk = new PowerLossFileSystem(directory.Root, NoSyncFileSystem.Instance);
        Rewrite(path, disk);
        Assert.True(disk.Operations >= 5, $"the rewrite made only {disk.Operations} mutating operations");
        return disk.Operations;
    }

    private static void Rewrite(string path, IFlatfileFileSystem fileSystem) =>
        LogRewrite.Rewrite(path, Records, new Dictionary<long, ReadOnlyMemory<byte>> { [3] = Encoding.UTF8.GetBytes(Replacement) }, ["m3"],
            path + ".0123456789abcdef.tmp", side => side + ".fedcba9876543210.tmp", fileSystem, durable: true);

    /// <summary>A log of <see cref="Records"/> records with its offset index written by an open (spacing 16, so the index has entries past the rewritten record).</summary>
    private static async Task<string> NewIndexedLogAsync(string path)
    {
        LogJson.WriteLog(path, Records);
        await using (await AppendLog.OpenAsync(path, LogJson.Fast(spacing: 16)))
        {
        }

        Assert.True(File.Exists(LogIndexFile.PathFor(path)));
        return path;
    }

    private static async Task<IReadOnlyList<LogRecord>> ReadAllAsync(string path)
    {
        await using var log = await AppendLog.OpenAsync(path, LogJson.Fast(spacing: 16));
        var records = await log.ReadRangeAsync(1, Records + 10);
        Assert.Equal(records.Count, (await log.ReadRangeAsync(250, 100)).Count + 249);
        return records;
    }
}

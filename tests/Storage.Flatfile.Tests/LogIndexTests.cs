using System.Buffers.Binary;
using ChatDb.Storage.Flatfile.Logs;

namespace ChatDb.Storage.Flatfile.Tests;

public sealed class LogIndexTests : IDisposable
{
    private const int Spacing = 4;
    private const int Records = 80;
    private readonly LogTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string LogPath => _directory.File();

    private string IndexPath => LogPath + ".idx";

    private async Task CreateLogAsync(int records = Records)
    {
        await using var log = await AppendLog.OpenAsync(LogPath, LogJson.Fast(Spacing));
        for (var i = 1; i <= records; i += 7)
        {
            await log.AppendBatchAsync(Enumerable.Range(i, Math.Min(7, records - i + 1)).Select(n => LogJson.Object($"m{n}")).ToArray());
        }
    }

    private async Task AssertReadsEverythingAsync(int records = Records)
    {
        await using var log = await AppendLog.OpenAsync(LogPath, LogJson.Fast(Spacing));
        Assert.Equal(records, log.Count);
        for (var from = 1; from <= records; from += 3)
        {
            var page = await log.ReadRangeAsync(from, 5);
            Assert.Equal(Enumerable.Range(from, Math.Min(5, records - from + 1)).Select(n => $"m{n}"), LogJson.Texts(page));
        }

        Assert.Equal(records + 1, await log.AppendAsync(LogJson.Object("next")));
    }

    private static long EntryOffset(byte[] index, int entry) =>
        BinaryPrimitives.ReadInt64LittleEndian(index.AsSpan(LogIndexFile.HeaderSize + (entry * LogIndexFile.EntrySize) + 8));

    [Fact]
    public async Task Appends_MaintainAnIndexEntryForEveryKthRecord()
    {
        await CreateLogAsync();

        var index = await File.ReadAllBytesAsync(IndexPath);
        var log = await File.ReadAllBytesAsync(LogPath);

        Assert.Equal("CHDBLIDX"u8.ToArray(), index[..8]);
        Assert.Equal(LogIndexFile.HeaderSize + (Records / Spacing * LogIndexFile.EntrySize), index.Length);
        for (var entry = 0; entry < Records / Spacing; entry++)
        {
            var sequence = BinaryPrimitives.ReadInt64LittleEndian(index.AsSpan(LogIndexFile.HeaderSize + (entry * LogIndexFile.EntrySize)));
            Assert.Equal((entry * Spacing) + 1, sequence);
            Assert.StartsWith($"{{\"seq\":{sequence},", System.Text.Encoding.UTF8.GetString(log, (int)EntryOffset(index, entry), 20), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Open_WithTheIndexDeleted_RebuildsTheSameIndex()
    {
        await CreateLogAsync();
        var original = await File.ReadAllBytesAsync(IndexPath);
        File.Delete(IndexPath);

        await AssertReadsEverythingAsync();

        Assert.Equal(original, (await File.ReadAllBytesAsync(IndexPath))[..original.Length]);
    }

    [Fact]
    public async Task Open_WithAGarbageIndex_RebuildsIt()
    {
        await CreateLogAsync();
        var original = await File.ReadAllBytesAsync(IndexPath);
        await File.WriteAllBytesAsync(IndexPath, new byte[original.Length]);

        await AssertReadsEverythingAsync();

        Assert.Equal(original, (await File.ReadAllBytesAsync(IndexPath))[..original.Length]);
    }

    [Fact]
    public async Task Open_WithAnIndexFromAnOlderStateOfTheLog_CatchesUp()
    {
        await CreateLogAsync(30);
        var older = await File.ReadAllBytesAsync(IndexPath);
        await using (var log = await AppendLog.OpenAsync(LogPath, LogJson.Fast(Spacing)))
        {
            await log.AppendBatchAsync(Enumerable.Range(31, 50).Select(n => LogJson.Object($"m{n}")).ToArray());
        }

        var current = await File.ReadAllBytesAsync(IndexPath);
        await File.WriteAllBytesAsync(IndexPath, older);

        await AssertReadsEverythingAsync();

        Assert.Equal(current, (await File.ReadAllBytesAsync(IndexPath))[..current.Length]);
    }

    [Fact]
    public async Task Open_WithAnIndexAheadOfATruncatedLog_DropsTheEntriesBeyondIt()
    {
        await CreateLogAsync();
        var lines = await File.ReadAllLinesAsync(LogPath);
        await File.WriteAllLinesAsync(LogPath, lines[..40]);

        await AssertReadsEverythingAsync(40);
    }

    [Fact]
    public async Task Open_WithATornLastIndexEntry_IgnoresIt()
    {
        await CreateLogAsync();
        var index = await File.ReadAllBytesAsync(IndexPath);
        await File.WriteAllBytesAsync(IndexPath, index[..^5]);

        await AssertReadsEverythingAsync();
    }

    [Fact]
    public async Task Open_WithAnIndexWrittenForAnotherSpacing_RebuildsIt()
    {
        await CreateLogAsync();

        await using (var log = await AppendLog.OpenAsync(LogPath, LogJson.Fast(spacing: 16)))
        {
            Assert.Equal(Enumerable.Range(38, 5).Select(n => $"m{n}"), LogJson.Texts(await log.ReadRangeAsync(38, 5)));
        }

        Assert.Equal(LogIndexFile.HeaderSize + (Records / 16 * LogIndexFile.EntrySize), new FileInfo(IndexPath).Length);
    }

    [Fact]
    public async Task Read_ThroughAnIndexEntryThatPointsAtTheWrongRecord_RebuildsTheIndexAndReturnsTheRightRecords()
    {
        await CreateLogAsync();
        var index = await File.ReadAllBytesAsync(IndexPath);
        var log = await File.ReadAllBytesAsync(LogPath);

        // Entry 3 (record 13) is not among the entries checked at open (every 2nd of 20); point it
        // at record 14 instead, which keeps the entries in order.
        var record14 = Array.IndexOf(log, (byte)'\n', (int)EntryOffset(index, 3)) + 1;
        BinaryPrimitives.WriteInt64LittleEndian(index.AsSpan(LogIndexFile.HeaderSize + (3 * LogIndexFile.EntrySize) + 8), record14);
        await File.WriteAllBytesAsync(IndexPath, index);

        await using var opened = await AppendLog.OpenAsync(LogPath, LogJson.Fast(Spacing));
        Assert.Equal(["m13", "m14", "m15"], LogJson.Texts(await opened.ReadRangeAsync(13, 3)));
        Assert.NotEqual(record14, EntryOffset(await File.ReadAllBytesAsync(IndexPath), 3));
    }

    [Fact]
    public async Task SmallLogs_DoNotGetAnIndexFile()
    {
        await CreateLogAsync(Spacing);

        Assert.False(File.Exists(IndexPath));
        await AssertReadsEverythingAsync(Spacing);
    }
}

using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Storage.Flatfile.Tests;

/// <summary>
/// <see cref="StorageStatistics"/> counts a log's records from its sparse index's last entry plus the lines after
/// it; an index that does not fit the log (stale, torn, missing) falls back to counting every line.
/// </summary>
public sealed class StorageStatisticsLogCountTests : IDisposable
{
    private readonly LogTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(37)]
    public async Task CountRecords_OfALogWrittenByAppendLog_IsItsCount(int count)
    {
        var path = _directory.File();
        await using (var log = await AppendLog.OpenAsync(path, LogJson.Fast(4)))
        {
            if (count > 0)
            {
                await log.AppendBatchAsync(Enumerable.Range(1, count).Select(i => LogJson.Object($"m{i}")).ToArray());
            }
        }

        Assert.Equal(count, StorageStatistics.CountRecords(path));
        Assert.Equal(count > 4, File.Exists(LogIndexFile.PathFor(path)));
    }

    [Fact]
    public async Task CountRecords_WithAnIndexThatDoesNotFitTheLog_CountsEveryLine()
    {
        var path = _directory.File();
        await using (var log = await AppendLog.OpenAsync(path, LogJson.Fast(4)))
        {
            await log.AppendBatchAsync(Enumerable.Range(1, 20).Select(i => LogJson.Object($"m{i}")).ToArray());
        }

        // The log cut back to 6 records behind the index's back: its last entries point past the end.
        var lines = File.ReadAllLines(path);
        File.WriteAllLines(path, lines[..6]);

        Assert.Equal(6, StorageStatistics.CountRecords(path));
    }

    [Fact]
    public void CountRecords_OfAMissingLog_IsZero() =>
        Assert.Equal(0, StorageStatistics.CountRecords(_directory.File()));
}

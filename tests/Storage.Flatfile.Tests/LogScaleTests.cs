using System.Diagnostics;
using ChatDb.Storage.Flatfile.Logs;

namespace ChatDb.Storage.Flatfile.Tests;

/// <summary>The one relative timing check asked for: reads must not grow with the log.</summary>
public sealed class LogScaleTests : IDisposable
{
    private readonly LogTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task PagingFromTheEnd_OfAMillionRecordLog_TakesWithinTwiceTheTimeOfAThousandRecordLog()
    {
        var bigPath = _directory.File("big.jsonl");
        var smallPath = _directory.File("small.jsonl");
        LogJson.WriteLog(bigPath, 1_000_000);
        LogJson.WriteLog(smallPath, 1_000);
        await using var big = await AppendLog.OpenAsync(bigPath, LogJson.Fast());
        await using var small = await AppendLog.OpenAsync(smallPath, LogJson.Fast());
        Assert.Equal(1_000_000, big.Count);

        // Warm up both (JIT, page cache), then alternate so drift on a shared machine hits both alike.
        for (var i = 0; i < 20; i++)
        {
            await PageFromTheEndAsync(big);
            await PageFromTheEndAsync(small);
        }

        var bigTimes = new List<double>();
        var smallTimes = new List<double>();
        for (var i = 0; i < 100; i++)
        {
            bigTimes.Add(await PageFromTheEndAsync(big));
            smallTimes.Add(await PageFromTheEndAsync(small));
        }

        var bigMedian = Median(bigTimes);
        var smallMedian = Median(smallTimes);
        Assert.True(bigMedian <= 2 * smallMedian,
            $"paging 5x50 records from the end took {bigMedian:F1} µs (median) on 1,000,000 records vs {smallMedian:F1} µs on 1,000");
    }

    private static async Task<double> PageFromTheEndAsync(AppendLog log)
    {
        var watch = Stopwatch.StartNew();
        var page = await log.ReadTailAsync(50);
        for (var i = 0; i < 4; i++)
        {
            page = await log.ReadBeforeAsync(page[0].Sequence, 50);
        }

        Assert.Equal(50, page.Count);
        return watch.Elapsed.TotalMicroseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}

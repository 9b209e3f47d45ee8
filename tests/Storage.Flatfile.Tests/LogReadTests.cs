using ChatDb.Storage.Flatfile.Logs;

namespace ChatDb.Storage.Flatfile.Tests;

public sealed class LogReadTests : IDisposable
{
    private readonly LogTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static long[] Range(long first, long last) => first > last ? [] : Enumerable.Range((int)first, (int)(last - first + 1)).Select(i => (long)i).ToArray();

    private async Task<AppendLog> LogWithAsync(int count, int spacing = 4)
    {
        var log = await AppendLog.OpenAsync(_directory.File(), LogJson.Fast(spacing));
        if (count > 0)
        {
            await log.AppendBatchAsync(Enumerable.Range(1, count).Select(i => LogJson.Object($"m{i}")).ToArray());
        }

        return log;
    }

    [Fact]
    public async Task Reads_OfAnEmptyLog_ReturnNothing()
    {
        await using var log = await LogWithAsync(0);

        Assert.Empty(await log.ReadTailAsync(10));
        Assert.Empty(await log.ReadRangeAsync(1, 10));
        Assert.Empty(await log.ReadBeforeAsync(5, 10));
        Assert.Empty(await log.ReadAfterAsync(0, 10));
        Assert.Equal(0, log.Count);
    }

    [Theory]
    [InlineData(1, 13, 13)]
    [InlineData(5, 9, 13)]
    [InlineData(13, 1, 13)]
    [InlineData(100, 1, 13)]
    [InlineData(0, 1, 0)]
    public async Task ReadTail_ReturnsTheLastRecordsOldestFirst(int count, long first, long last)
    {
        await using var log = await LogWithAsync(13);

        var records = await log.ReadTailAsync(count);

        Assert.Equal(Range(first, last), LogJson.Sequences(records));
        Assert.All(records, r => Assert.Equal($"m{r.Sequence}", LogJson.Text(r)));
    }

    [Theory]
    [InlineData(1, 5, 1, 5)]
    [InlineData(4, 2, 4, 5)]
    [InlineData(5, 4, 5, 8)]
    [InlineData(10, 100, 10, 13)]
    [InlineData(13, 1, 13, 13)]
    [InlineData(14, 5, 1, 0)]
    [InlineData(long.MaxValue, 5, 1, 0)]
    [InlineData(3, 0, 1, 0)]
    public async Task ReadRange_ReturnsUpToMaxCountFromTheFirstSequence(long from, int maxCount, long first, long last)
    {
        await using var log = await LogWithAsync(13);

        Assert.Equal(Range(first, last), LogJson.Sequences(await log.ReadRangeAsync(from, maxCount)));
    }

    [Theory]
    [InlineData(14, 3, 11, 13)]
    [InlineData(1000, 3, 11, 13)]
    [InlineData(6, 3, 3, 5)]
    [InlineData(3, 10, 1, 2)]
    [InlineData(1, 10, 1, 0)]
    [InlineData(9, 0, 1, 0)]
    public async Task ReadBefore_ReturnsTheClosestEarlierRecordsOldestFirst(long before, int maxCount, long first, long last)
    {
        await using var log = await LogWithAsync(13);

        Assert.Equal(Range(first, last), LogJson.Sequences(await log.ReadBeforeAsync(before, maxCount)));
    }

    [Theory]
    [InlineData(0, 3, 1, 3)]
    [InlineData(4, 4, 5, 8)]
    [InlineData(11, 10, 12, 13)]
    [InlineData(13, 10, 1, 0)]
    [InlineData(long.MaxValue, 10, 1, 0)]
    public async Task ReadAfter_ReturnsTheFollowingRecords(long after, int maxCount, long first, long last)
    {
        await using var log = await LogWithAsync(13);

        Assert.Equal(Range(first, last), LogJson.Sequences(await log.ReadAfterAsync(after, maxCount)));
    }

    [Fact]
    public async Task PagingBackwardsFromTheEnd_VisitsEveryRecordOnce()
    {
        await using var log = await LogWithAsync(100, spacing: 8);
        var seen = new List<long>();

        var page = await log.ReadTailAsync(7);
        while (page.Count > 0)
        {
            seen.InsertRange(0, LogJson.Sequences(page));
            page = await log.ReadBeforeAsync(page[0].Sequence, 7);
        }

        Assert.Equal(Range(1, 100), seen);
    }

    [Fact]
    public async Task Reads_WithBadArguments_ThrowArgumentOutOfRange()
    {
        await using var log = await LogWithAsync(3);

        Assert.Throws<ArgumentOutOfRangeException>(() => log.ReadRangeAsync(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.ReadRangeAsync(1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.ReadTailAsync(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.ReadBeforeAsync(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.ReadAfterAsync(-1, 1));
    }

    [Fact]
    public async Task Reads_DuringConcurrentAppends_SeeOnlyCompleteAcknowledgedRecordsInOrder()
    {
        await using var log = await LogWithAsync(0, spacing: 16);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 1; i <= 2000; i++)
            {
                await log.AppendAsync(LogJson.Object($"m{i}"));
            }
        });

        var reads = 0;
        while (!writer.IsCompleted || reads == 0)
        {
            var count = log.Count;
            var tail = await log.ReadTailAsync(50);
            Assert.True(tail.Count >= Math.Min(50, count) && tail.Count <= 50, $"a tail read of 50 returned {tail.Count} records with {count} acknowledged");
            for (var i = 0; i < tail.Count; i++)
            {
                Assert.Equal($"m{tail[i].Sequence}", LogJson.Text(tail[i]));
                Assert.True(i == 0 || tail[i].Sequence == tail[i - 1].Sequence + 1, "records out of order");
            }

            Assert.True(tail.Count == 0 || tail[^1].Sequence >= count, "a read saw fewer records than were acknowledged before it");
            reads++;
        }

        await writer;
        Assert.Equal(2000, log.Count);
    }
}

using System.Text;
using ChatDb.Storage.Flatfile.Logs;

namespace ChatDb.Storage.Flatfile.Tests;

public sealed class LogVerifyTests : IDisposable
{
    private readonly LogTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Verify_OfAHealthyLog_FindsNoProblems()
    {
        var path = _directory.File();
        await using (var log = await AppendLog.OpenAsync(path, LogJson.Fast(4)))
        {
            await log.AppendBatchAsync(Enumerable.Range(1, 30).Select(i => LogJson.Object($"m{i}")).ToArray());
        }

        var report = await AppendLog.VerifyAsync(path, LogJson.Fast(4));

        Assert.True(report.IsHealthy, string.Join("; ", report.Problems.Select(p => p.Message)));
        Assert.Equal(30, report.Records);
    }

    [Fact]
    public async Task Verify_ReportsEveryProblemWithItsLine_AndChangesNothing()
    {
        var path = _directory.File();
        var content = LogJson.Line(1) + "{\"seq\":2,\"text\":oops}\n" + LogJson.Line(3) + LogJson.Line(5) + LogJson.Line(6) + "{\"seq\":7,\"te";
        await File.WriteAllTextAsync(path, content);

        var report = await AppendLog.VerifyAsync(path);

        Assert.Equal(
            [(LogProblemKind.CorruptRecord, 2L), (LogProblemKind.SequenceGap, 4L), (LogProblemKind.TornTail, 6L)],
            report.Problems.Select(p => (p.Kind, p.Line)));
        Assert.All(report.Problems, p => Assert.Contains(path, p.Message, StringComparison.Ordinal));
        Assert.Equal(content, await File.ReadAllTextAsync(path, Encoding.UTF8));
        Assert.False(File.Exists(path + ".corrupt"));
    }

    [Fact]
    public async Task Verify_ReportsAnIndexThatDisagreesWithTheLog()
    {
        var path = _directory.File();
        await using (var log = await AppendLog.OpenAsync(path, LogJson.Fast(4)))
        {
            await log.AppendBatchAsync(Enumerable.Range(1, 30).Select(i => LogJson.Object($"m{i}")).ToArray());
        }

        var index = await File.ReadAllBytesAsync(path + ".idx");
        index[LogIndexFile.HeaderSize + LogIndexFile.EntrySize + 8]++;
        await File.WriteAllBytesAsync(path + ".idx", index);

        var report = await AppendLog.VerifyAsync(path, LogJson.Fast(4));

        Assert.Equal(LogProblemKind.IndexInvalid, Assert.Single(report.Problems).Kind);
    }
}

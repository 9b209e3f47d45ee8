using ChatDb.Operations.Tests.Support;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Operations.Tests;

public sealed class ArchivedSessionTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task InflateAsync_TwiceAtOnce_BothFinish_OneInflates_AndNoTempFileIsLeft()
    {
        var data = await TestDataSet.CreateAsync(_temp.Combine("data"), users: 1, sessionsPerUser: 1);
        var log = data.Layout.SessionMessagesFile(data.Sessions[0].User, data.Sessions[0].Session);
        var plain = await File.ReadAllBytesAsync(log);
        var files = new AtomicFile(data.Options);
        await ArchivedSessions.ArchiveAsync(log, files);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ArchivedSessions.InflateAsync(log, files))));

        Assert.InRange(results.Count(r => r), 1, 8);
        Assert.Equal(plain, await File.ReadAllBytesAsync(log));
        Assert.Equal([Path.GetFileName(log)], Directory.EnumerateFiles(Path.GetDirectoryName(log)!, Path.GetFileName(log) + "*").Select(Path.GetFileName));
    }

    [Fact]
    public async Task ArchiveAndInflate_UseTheConfiguredTempSuffix_SoVerifyReportsALeftoverAsAStrayTempFile()
    {
        var data = await TestDataSet.CreateAsync(_temp.Combine("data"), users: 1, sessionsPerUser: 1);
        var options = new FlatfileStorageOptions { StorageBasePath = _temp.Combine("data"), Durability = Durability.OsBuffered, AtomicWriteTempSuffix = ".inflight" };
        var files = new AtomicFile(options);
        var log = data.Layout.SessionMessagesFile(data.Sessions[0].User, data.Sessions[0].Session);

        var leftover = files.NewTempPath(log);
        await File.WriteAllTextAsync(leftover, "{\"seq\":1");
        var report = new VerifyEngine(options, Cli.Commands.Maintenance.ChatModelSchema.Instance).Verify();

        Assert.EndsWith(".inflight", leftover, StringComparison.Ordinal);
        Assert.NotEqual(files.NewTempPath(log), files.NewTempPath(log));
        Assert.Contains(report.Problems, p => p.Kind == ProblemKind.StrayTempFile && p.Path == leftover);
        Assert.DoesNotContain(report.Problems, p => p.Kind == ProblemKind.OutsideLayout);
    }
}

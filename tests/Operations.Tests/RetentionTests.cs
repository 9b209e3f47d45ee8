using ChatDb.Operations.Tests.Support;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Operations.Tests;

public sealed class RetentionTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Prune_ArchivesSessionsUntouchedForNDays_AndTheyStillExportAndVerifyTheSame()
    {
        var data = await TestDataSet.CreateAsync(_temp.Combine("data"));
        await Engines.Export(_temp.Combine("data")).ExportAsync(_temp.Combine("before.jsonl"));
        var clock = new FakeTimeProvider(TestDataSet.Epoch.AddDays(40));
        var (user, oldSession) = data.Sessions[0];
        var log = data.Layout.SessionMessagesFile(user, oldSession);
        var plain = await File.ReadAllBytesAsync(log);

        var report = await new PruneEngine(Engines.Options(_temp.Combine("data")), clock).PruneAsync(new RetentionPolicy { ArchiveAfterDays = 35 }, dryRun: false);

        Assert.Equal(2, report.SessionsArchived);
        Assert.All(report.Actions, a => Assert.True(a.Age > TimeSpan.FromDays(35)));
        Assert.True(ArchivedSessions.IsArchived(log));
        Assert.False(ArchivedSessions.IsArchived(data.Layout.SessionMessagesFile(data.Sessions[1].User, data.Sessions[1].Session)));
        await Engines.Export(_temp.Combine("data")).ExportAsync(_temp.Combine("after.jsonl"));
        Assert.Equal(await File.ReadAllBytesAsync(_temp.Combine("before.jsonl")), await File.ReadAllBytesAsync(_temp.Combine("after.jsonl")));
        Assert.True((await Engines.Verify(_temp.Combine("data")).VerifyAsync()).IsClean);

        Assert.True(await ArchivedSessions.InflateAsync(log, new AtomicFile(Engines.Options(_temp.Combine("data")))));
        Assert.Equal(plain, await File.ReadAllBytesAsync(log));
        Assert.False(File.Exists(ArchivedSessions.ArchivePathFor(log)));
    }

    [Fact]
    public async Task Prune_DeletesOldSessionsAndOldInsights_ReportingCounts_AndADryRunChangesNothing()
    {
        var data = await TestDataSet.CreateAsync(_temp.Combine("data"));
        var clock = new FakeTimeProvider(TestDataSet.Epoch.AddDays(100));
        var engine = new PruneEngine(Engines.Options(_temp.Combine("data")), clock);
        var policy = new RetentionPolicy { DeleteAfterDays = 95, InsightRetentionDays = 90 };
        var before = Tree.Files(_temp.Combine("data"));

        var planned = await engine.PruneAsync(policy, dryRun: true);
        Assert.Equal(before, Tree.Files(_temp.Combine("data")));

        var report = await engine.PruneAsync(policy, dryRun: false);

        Assert.Equal((2, 1), (planned.SessionsDeleted, planned.InsightsDeleted));
        Assert.Equal((2, 1), (report.SessionsDeleted, report.InsightsDeleted));
        Assert.False(Directory.Exists(data.Layout.SessionDirectory(data.Sessions[0].User, data.Sessions[0].Session)));
        Assert.True(Directory.Exists(data.Layout.SessionDirectory(data.Sessions[1].User, data.Sessions[1].Session)));
        Assert.Single(Directory.EnumerateFiles(data.Layout.PanelInsightsDirectory(data.Panels[0])));
        var verified = await Engines.Verify(_temp.Combine("data")).VerifyAsync();
        Assert.True(verified.IsClean, string.Join("\n", verified.Problems));
    }
}

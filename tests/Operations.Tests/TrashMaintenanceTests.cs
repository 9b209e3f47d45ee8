using ChatDb.Operations.Tests.Support;
using ChatDb.Storage.Flatfile;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Flatfile.Trash;

namespace ChatDb.Operations.Tests;

/// <summary>The trash (trash/) through export, import, verify, repair, backup and restore: carried byte for byte, and still restorable.</summary>
public sealed class TrashMaintenanceTests : IDisposable
{
    private static readonly DateTimeOffset DeletedAt = TestDataSet.Epoch.AddDays(40);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ExportThenImport_CarriesTheTrashByteForByte_AndTheImportedEntryRestores()
    {
        var data = await DataWithTrashAsync("source");
        var first = await Engines.Export(_temp.Combine("source")).ExportAsync(_temp.Combine("one.jsonl"));
        await Engines.Import(_temp.Combine("copy")).ImportAsync(_temp.Combine("one.jsonl"));
        await Engines.Export(_temp.Combine("copy")).ExportAsync(_temp.Combine("two.jsonl"));

        var trashFiles = Tree.Files(_temp.Combine("source"), p => p.StartsWith("trash/", StringComparison.Ordinal));
        Assert.Contains(trashFiles.Keys, p => p.EndsWith("/messages.jsonl", StringComparison.Ordinal) && p.Contains("/sessions/", StringComparison.Ordinal));
        Assert.Contains(trashFiles.Keys, p => p.StartsWith("trash/panels/", StringComparison.Ordinal) && p.EndsWith("/panel.json", StringComparison.Ordinal));
        Assert.Equal(trashFiles, Tree.Files(_temp.Combine("copy"), p => p.StartsWith("trash/", StringComparison.Ordinal)));
        Assert.Equal(await File.ReadAllBytesAsync(_temp.Combine("one.jsonl")), await File.ReadAllBytesAsync(_temp.Combine("two.jsonl")));
        Assert.True(first.Counts["file"] >= trashFiles.Count);
        Assert.True((await Engines.Verify(_temp.Combine("copy")).VerifyAsync()).IsClean);

        var (user, session) = data.Sessions[0];
        using var copy = FlatfileDataDirectory.Open(Engines.Options(_temp.Combine("copy")));
        await using var logs = new FlatfileOpenLogs(copy.Options);
        await new FlatfileTrash(copy.Layout, logs, copy.AtomicFile).RestoreSessionAsync(user, session);
        Assert.True(File.Exists(copy.Layout.SessionMessagesFile(user, session)));
        Assert.Equal(
            await File.ReadAllBytesAsync(data.Layout.SessionTrashEntry(user, TrashNames.Entry(session, DeletedAt)) + "/messages.jsonl"),
            await File.ReadAllBytesAsync(copy.Layout.SessionMessagesFile(user, session)));
    }

    [Fact]
    public async Task BackupThenRestore_ReproducesTheTrash()
    {
        await DataWithTrashAsync("data");
        await Engines.Backup(_temp.Combine("data")).BackupAsync(_temp.Combine("backup.tar.gz"));

        var restored = await Engines.Restore(_temp.Combine("restored")).RestoreAsync(_temp.Combine("backup.tar.gz"), replace: false);

        var trash = Tree.Files(_temp.Combine("data"), p => p.StartsWith("trash/", StringComparison.Ordinal));
        Assert.NotEmpty(trash);
        Assert.Equal(trash, Tree.Files(_temp.Combine("restored"), p => p.StartsWith("trash/", StringComparison.Ordinal)));
        Assert.True(restored.Verified.IsClean, string.Join("\n", restored.Verified.Problems));
    }

    [Fact]
    public async Task Verify_ReportsAStrangerInTheTrash_AndRepairFinishesAnInterruptedErasure()
    {
        var data = await DataWithTrashAsync("data");
        var stranger = Path.Join(data.Layout.TrashDirectory, "users", "user0", "sessions", "not-an-entry");
        Directory.CreateDirectory(stranger);
        var erasing = Path.Join(data.Layout.PanelTrashDirectory, TrashNames.ErasingPrefix + TrashNames.Entry(data.Panels[0], DeletedAt.AddDays(-1)));
        Directory.CreateDirectory(erasing);
        await File.WriteAllTextAsync(Path.Join(erasing, "panel.json"), "{}");

        var report = await Engines.Verify(_temp.Combine("data")).VerifyAsync();
        var repaired = await Engines.Verify(_temp.Combine("data")).RepairAsync();

        Assert.Contains(report.Problems, p => p.Kind == ProblemKind.OutsideLayout && p.Path == stranger && !p.Repairable);
        Assert.Contains(report.Problems, p => p.Kind == ProblemKind.StagingLeftover && p.Path == erasing && p.Repairable);
        Assert.False(Directory.Exists(erasing));
        Assert.Contains(repaired.After.Problems, p => p.Path == stranger);
    }

    /// <summary>The test data set with user0's first session and the first panel moved to the trash, as a silo would.</summary>
    private async Task<TestDataSet> DataWithTrashAsync(string name)
    {
        var data = await TestDataSet.CreateAsync(_temp.Combine(name));
        using (var directory = FlatfileDataDirectory.Open(data.Options))
        {
            await using var logs = new FlatfileOpenLogs(directory.Options);
            var trash = new FlatfileTrash(directory.Layout, logs, directory.AtomicFile);
            var (user, session) = data.Sessions[0];
            Assert.NotNull(await trash.TrashSessionAsync(user, session, DeletedAt));
            Assert.NotNull(await trash.TrashPanelAsync(data.Panels[0], DeletedAt));
        }

        // The user grain would drop the session from its derived index; repair does the same offline.
        await Engines.Verify(_temp.Combine(name)).RepairAsync();
        return data;
    }
}

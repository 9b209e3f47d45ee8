using ChatDb.Cli;
using ChatDb.Operations.Tests.Support;
using ChatDb.Storage;
using ChatDb.Storage.Flatfile.Audit;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Operations.Tests;

/// <summary>The offline commands that delete or replace data write audit records too, and a restore keeps the newer ones.</summary>
public sealed class OfflineAuditTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Restore_KeepsTheRecordsWrittenSinceTheBackup_AndRecordsItself()
    {
        var data = await TestDataSet.CreateAsync(_temp.Combine("data"));
        var audit = data.Layout.AuditDirectory;
        await AuditFiles.AppendOfflineAsync(audit, [Entry("before-backup", TestDataSet.Epoch)], durable: false, TimeProvider.System);
        await Engines.Backup(_temp.Combine("data")).BackupAsync(_temp.Combine("backup.tar.gz"));
        await AuditFiles.AppendOfflineAsync(audit, [Entry("after-backup", TestDataSet.Epoch.AddDays(1))], durable: false, TimeProvider.System);
        var clock = new FakeTimeProvider(TestDataSet.Epoch.AddDays(2));

        await Engines.Restore(_temp.Combine("data"), clock).RestoreAsync(_temp.Combine("backup.tar.gz"), replace: true);

        var entries = await AuditFiles.ListAsync(audit, null, null, null, 10, 0);
        Assert.Equal(["chatdb restore", "after-backup", "before-backup"], entries.Select(e => e.Operation));
        var restore = entries[0];
        Assert.Equal((AuditActions.Restore, "ok", TestDataSet.Epoch.AddDays(2)), (restore.Action, restore.Outcome, restore.At));
        Assert.Equal(Path.GetFullPath(_temp.Combine("backup.tar.gz")), restore.Path);
        Assert.StartsWith("cli:", restore.Actor, StringComparison.Ordinal);
        Assert.Equal(AuditFiles.OfflineSilo, restore.Silo);
        var verified = await Engines.Verify(_temp.Combine("data")).VerifyAsync();
        Assert.True(verified.IsClean, string.Join("\n", verified.Problems));
    }

    [Fact]
    public async Task Restore_ThatIsRefused_RecordsTheRefusal()
    {
        var data = await TestDataSet.CreateAsync(_temp.Combine("data"));
        await File.WriteAllTextAsync(data.Layout.SessionMetadataFile(data.Sessions[0].User, data.Sessions[0].Session), "{ broken");
        await Engines.Backup(_temp.Combine("data")).BackupAsync(_temp.Combine("bad.tar.gz"));
        var target = await TestDataSet.CreateAsync(_temp.Combine("target"), users: 1, sessionsPerUser: 1);

        await Assert.ThrowsAsync<IntegrityError>(() => Engines.Restore(_temp.Combine("target")).RestoreAsync(_temp.Combine("bad.tar.gz"), replace: true));

        var entry = Assert.Single(await AuditFiles.ListAsync(target.Layout.AuditDirectory, null, null, null, 10, 0));
        Assert.Equal((AuditActions.Restore, "refused"), (entry.Action, entry.Outcome));
        Assert.Contains("does not verify", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prune_RecordsEachDeletion_ButNotADryRunOrAnArchive()
    {
        var data = await TestDataSet.CreateAsync(_temp.Combine("data"));
        var engine = new PruneEngine(Engines.Options(_temp.Combine("data")), new FakeTimeProvider(TestDataSet.Epoch.AddDays(100)));

        await engine.PruneAsync(new RetentionPolicy { DeleteAfterDays = 95, InsightRetentionDays = 90 }, dryRun: true);
        await engine.PruneAsync(new RetentionPolicy { ArchiveAfterDays = 1 }, dryRun: false);
        Assert.Empty(await AuditFiles.ListAsync(data.Layout.AuditDirectory, null, null, null, 10, 0));

        await engine.PruneAsync(new RetentionPolicy { DeleteAfterDays = 95, InsightRetentionDays = 90 }, dryRun: false);

        var entries = await AuditFiles.ListAsync(data.Layout.AuditDirectory, null, null, AuditActions.Delete, 10, 0);
        Assert.Equal(3, entries.Count);
        Assert.All(entries, e => Assert.Equal(("chatdb prune", "ok"), (e.Operation, e.Outcome)));
        Assert.Contains(entries, e => e.Ids!["userId"] == data.Sessions[0].User && e.Ids["sessionId"] == data.Sessions[0].Session);
        Assert.Contains(entries, e => e.Ids!.ContainsKey("panelId") && e.Ids.ContainsKey("insightId"));
    }

    [Fact]
    public async Task AuditCommand_ListsTheRecords_AsTextOrJsonLines_AndRefusesAnUnknownAction()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        var data = _temp.Combine("data");
        Assert.Equal(0, (await RunAsync("prune", "--data", data, "--delete-after-days", "95", "--insight-retention-days", "1000", "--now", TestDataSet.Epoch.AddDays(100).ToString("O"), "--quiet")).Exit);

        var (exit, text, _) = await RunAsync("audit", "--data", data);
        var (jsonExit, json, _) = await RunAsync("audit", "--data", data, "--action", "delete", "--limit", "1", "--json");
        var (badExit, _, error) = await RunAsync("audit", "--data", data, "--action", "erase");

        Assert.Equal((0, 0, 2), (exit, jsonExit, badExit));
        var lines = text.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Contains(" delete chatdb prune userId=", l, StringComparison.Ordinal));
        var entry = System.Text.Json.JsonSerializer.Deserialize(json.Trim(), AuditJsonContext.Default.AuditEntry)!;
        Assert.Equal((AuditActions.Delete, "chatdb prune"), (entry.Action, entry.Operation));
        Assert.Contains("--action 'erase' is not one of delete, purge", error, StringComparison.Ordinal);
    }

    private static AuditEntry Entry(string operation, DateTimeOffset at) => new()
    {
        At = at,
        Actor = "key:ops",
        Action = AuditActions.Delete,
        Operation = operation,
        Outcome = "ok",
    };

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliRoot.Create().Parse(args).InvokeAsync(new() { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}

using ChatDb.Cli;
using ChatDb.Operations.Tests.Support;
using ChatDb.Storage.Flatfile.Locking;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage;

namespace ChatDb.Operations.Tests;

public sealed class LockTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task EveryEngine_RefusesWhileTheDirectoryIsLocked_AndChangesNothing()
    {
        var data = _temp.Combine("data");
        await TestDataSet.CreateAsync(data);
        await Engines.Export(data).ExportAsync(_temp.Combine("out.jsonl"));
        await Engines.Backup(data).BackupAsync(_temp.Combine("backup.tar.gz"));
        var before = Tree.Files(data, p => p != ".lock");
        using var silo = DataDirectoryLock.Acquire(data);

        Func<Task>[] commands =
        [
            () => Engines.Export(data).ExportAsync(_temp.Combine("again.jsonl")),
            () => Engines.Import(data).ImportAsync(_temp.Combine("out.jsonl"), new ImportOptions { Merge = true }),
            () => Engines.Verify(data).VerifyAsync(),
            () => Engines.Verify(data).RepairAsync(),
            () => Engines.Backup(data).BackupAsync(_temp.Combine("again.tar.gz")),
            () => Engines.Restore(data).RestoreAsync(_temp.Combine("backup.tar.gz"), replace: true),
            () => new PruneEngine(Engines.Options(data), TimeProvider.System).PruneAsync(new RetentionPolicy { DeleteAfterDays = 0 }, dryRun: false),
            () => Engines.Migrate(data).MigrateAsync(_temp.Combine("v2-does-not-matter")),
        ];
        Directory.CreateDirectory(_temp.Combine("v2-does-not-matter", "users"));
        foreach (var command in commands)
        {
            var error = await Assert.ThrowsAsync<ConfigurationError>(command);
            Assert.Contains("holds the lock", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, Tree.Files(data, p => p != ".lock"));
        Assert.False(File.Exists(_temp.Combine("again.jsonl")));
        Assert.False(File.Exists(_temp.Combine("again.tar.gz")));
    }

    [Fact]
    public async Task VerifyCommand_WhileASiloHoldsTheLock_ExitsNonZeroWithAClearMessage()
    {
        var data = _temp.Combine("data");
        await TestDataSet.CreateAsync(data);
        using var silo = DataDirectoryLock.Acquire(data);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await CliRoot.Create().Parse(["verify", "--data", data, "--quiet"]).InvokeAsync(new() { Output = output, Error = error });

        Assert.Equal(2, exit);
        Assert.Contains("chatdb verify refused", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("A running silo", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryEngineAndTheVerifyCommand_AreRefusedWhileTwoSilosOfAClusterShareTheDirectory()
    {
        var data = _temp.Combine("data");
        await TestDataSet.CreateAsync(data);
        using var silo1 = DataDirectoryLock.AcquireShared(data, "blue");
        using var silo2 = DataDirectoryLock.AcquireShared(data, "blue");

        foreach (var command in new Func<Task>[]
        {
            () => Engines.Verify(data).VerifyAsync(),
            () => Engines.Backup(data).BackupAsync(_temp.Combine("again.tar.gz")),
            () => Engines.Export(data).ExportAsync(_temp.Combine("again.jsonl")),
        })
        {
            var refused = await Assert.ThrowsAsync<ConfigurationError>(command);
            Assert.Contains($"data directory '{data}' is in use by the silos of cluster 'blue'", refused.Message, StringComparison.Ordinal);
        }

        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliRoot.Create().Parse(["verify", "--data", data, "--quiet"]).InvokeAsync(new() { Output = output, Error = error });

        Assert.Equal(2, exit);
        Assert.Contains("chatdb verify refused", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("the silos of cluster 'blue'", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.Combine("again.tar.gz")));
        Assert.False(File.Exists(_temp.Combine("again.jsonl")));
    }

    [Fact]
    public async Task LiveBackup_IsRefusedWhileAnotherSiloSharesTheDirectory_AndRunsOnceItIsAlone()
    {
        var data = _temp.Combine("data");
        await TestDataSet.CreateAsync(data);
        using var silo1 = DataDirectoryLock.AcquireShared(data, "blue");
        var gate = new FlatfileWriteGate();
        using var refusedOutput = new MemoryStream();

        using (DataDirectoryLock.AcquireShared(data, "blue"))
        {
            var refused = await Assert.ThrowsAsync<EntityConflictError>(() => Engines.Backup(data).WriteLiveAsync(refusedOutput, gate, default, silo1));
            Assert.Contains($"live backup refused: data directory '{data}' is shared with other silos of cluster 'blue'", refused.Message, StringComparison.Ordinal);
            Assert.Equal(0, refusedOutput.Length);
        }

        using var output = new MemoryStream();
        var result = await Engines.Backup(data).WriteLiveAsync(output, gate, default, silo1);
        Assert.True(result.Files > 0);
    }
}

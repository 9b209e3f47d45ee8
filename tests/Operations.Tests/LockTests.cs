using ChatDb.Cli;
using ChatDb.Operations.Tests.Support;
using ChatDb.Storage.Flatfile.Locking;
using ChatDb.Storage.Flatfile.Maintenance;
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
}

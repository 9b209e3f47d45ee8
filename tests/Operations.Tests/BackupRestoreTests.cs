using ChatDb.Storage;
using System.Formats.Tar;
using System.IO.Compression;
using ChatDb.Operations.Tests.Support;

namespace ChatDb.Operations.Tests;

public sealed class BackupRestoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task BackupThenRestore_ReproducesEveryFile()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        var backup = await Engines.Backup(_temp.Combine("data")).BackupAsync(_temp.Combine("backup.tar.gz"));

        var restored = await Engines.Restore(_temp.Combine("restored")).RestoreAsync(_temp.Combine("backup.tar.gz"), replace: false);

        Assert.Equal(backup.Files, restored.Files);
        // Besides the backup's files the restored tree holds only the restore's own audit record (OfflineAuditTests).
        Assert.Equal(Tree.Files(_temp.Combine("data"), p => p != ".lock"), Tree.Files(_temp.Combine("restored"), p => p != ".lock" && !Tree.IsAudit(p)));
        Assert.True(restored.Verified.IsClean);
    }

    [Fact]
    public async Task Backup_LeavesOutALineBeingWritten_SoTheCopyOfALiveLogEndsOnARecord()
    {
        var data = await TestDataSet.CreateAsync(_temp.Combine("data"));
        var log = data.Layout.SessionMessagesFile(data.Sessions[0].User, data.Sessions[0].Session);
        var complete = await File.ReadAllBytesAsync(log);
        await File.AppendAllTextAsync(log, "{\"seq\":71,\"id\":\"in-flight");

        await using (var output = File.Create(_temp.Combine("live.tar.gz")))
        {
            await Engines.Backup(_temp.Combine("data")).WriteAsync(output);
        }

        Assert.Equal(complete, ReadEntry(_temp.Combine("live.tar.gz"), "data/" + Path.GetRelativePath(data.Layout.BaseDirectory, log)));
    }

    [Fact]
    public async Task Restore_OfABackupThatDoesNotVerify_RefusesAndLeavesTheTargetUnchanged()
    {
        var data = await TestDataSet.CreateAsync(_temp.Combine("data"));
        await File.WriteAllTextAsync(data.Layout.SessionMetadataFile(data.Sessions[0].User, data.Sessions[0].Session), "{ broken");
        await Engines.Backup(_temp.Combine("data")).BackupAsync(_temp.Combine("bad.tar.gz"));
        await TestDataSet.CreateAsync(_temp.Combine("target"), users: 1, sessionsPerUser: 1);
        var before = Tree.Files(_temp.Combine("target"));

        var error = await Assert.ThrowsAsync<IntegrityError>(() => Engines.Restore(_temp.Combine("target")).RestoreAsync(_temp.Combine("bad.tar.gz"), replace: true));

        Assert.Contains("does not verify", error.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidDocument", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Tree.Files(_temp.Combine("target"), p => !Tree.IsAudit(p)));
    }

    [Fact]
    public async Task Restore_IntoANonEmptyDirectory_RefusesWithoutForce_AndReplacesWithIt()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        await Engines.Backup(_temp.Combine("data")).BackupAsync(_temp.Combine("backup.tar.gz"));
        await TestDataSet.CreateAsync(_temp.Combine("target"), users: 1, sessionsPerUser: 1);

        var refused = await Assert.ThrowsAsync<ConfigurationError>(() => Engines.Restore(_temp.Combine("target")).RestoreAsync(_temp.Combine("backup.tar.gz"), replace: false));
        Assert.Contains("--force", refused.Message, StringComparison.Ordinal);

        await Engines.Restore(_temp.Combine("target")).RestoreAsync(_temp.Combine("backup.tar.gz"), replace: true);
        Assert.Equal(Tree.Files(_temp.Combine("data"), p => p != ".lock"), Tree.Files(_temp.Combine("target"), p => p != ".lock" && !Tree.IsAudit(p)));
    }

    [Fact]
    public async Task Restore_RefusesAnEntryThatEscapesTheDataDirectory()
    {
        await using (var output = File.Create(_temp.Combine("evil.tar.gz")))
        await using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "chatdb-backup.json") { DataStream = new MemoryStream("{\"format\":\"chatdb-backup\"}"u8.ToArray()) });
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "data/../escaped.txt") { DataStream = new MemoryStream("x"u8.ToArray()) });
        }

        var error = await Assert.ThrowsAsync<IntegrityError>(() => Engines.Restore(_temp.Combine("target")).RestoreAsync(_temp.Combine("evil.tar.gz"), replace: false));

        Assert.Contains("unsafe path", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.Combine("escaped.txt")));
        Assert.Equal([".lock"], Directory.EnumerateFileSystemEntries(_temp.Combine("target")).Select(Path.GetFileName));
    }

    private static byte[] ReadEntry(string archive, string name)
    {
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.Name == name)
            {
                using var copy = new MemoryStream();
                entry.DataStream!.CopyTo(copy);
                return copy.ToArray();
            }
        }

        throw new InvalidOperationException($"'{name}' is not in '{archive}'.");
    }
}

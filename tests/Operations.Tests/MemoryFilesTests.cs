using ChatDb.Operations.Tests.Support;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Operations.Tests;

/// <summary>A user's memory files (docs/STORAGE.md, "Memory") go through verify, export, import, backup and restore as files.</summary>
public sealed class MemoryFilesTests : IDisposable
{
    private const string Changes = "users/user0/memory/changes.jsonl";
    private const string Snapshot = "users/user0/memory/memories.json";

    private const string ChangeLine =
        """{"seq":1,"op":"add","memory":{"id":"mem_5f0c2a9e4b7d4e1f8a6b3c2d1e0f9a8b","text":"User lives in Lisbon","source":{"seqs":[]},"created_at":"2026-01-31T12:00:00.000000Z","updated_at":"2026-01-31T12:00:00.000000Z","importance":0.5},"source":{"seqs":[]},"at":"2026-01-31T12:00:00.000000Z"}""";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task WriteMemoryFilesAsync(string root)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Join(root, Changes))!);
        await File.WriteAllTextAsync(Path.Join(root, Changes), ChangeLine + "\n");
        await File.WriteAllTextAsync(Path.Join(root, Snapshot), """{"log_count":0,"memories":[]}""");
    }

    [Fact]
    public async Task MemoryFiles_VerifyClean_AndSurviveExportAndImportByteForByte()
    {
        await TestDataSet.CreateAsync(_temp.Combine("source"));
        await WriteMemoryFilesAsync(_temp.Combine("source"));

        var verified = await Engines.Verify(_temp.Combine("source")).VerifyAsync();
        await Engines.Export(_temp.Combine("source")).ExportAsync(_temp.Combine("out.jsonl"));
        await Engines.Import(_temp.Combine("copy")).ImportAsync(_temp.Combine("out.jsonl"));

        Assert.True(verified.IsClean, "verify is not clean with memory files present: " + string.Join("; ", verified.Problems.Select(p => p.Message)));
        var source = Tree.DataFiles(_temp.Combine("source"));
        var copy = Tree.DataFiles(_temp.Combine("copy"));
        foreach (var file in new[] { Changes, Snapshot })
        {
            Assert.True(copy.ContainsKey(file), $"{file} did not come back from the export");
            Assert.Equal(source[file], copy[file]);
        }
    }

    [Fact]
    public async Task BackupThenRestore_ReproducesTheMemoryFiles_AndVerifiesClean()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        await WriteMemoryFilesAsync(_temp.Combine("data"));

        await Engines.Backup(_temp.Combine("data")).BackupAsync(_temp.Combine("backup.tar.gz"));
        var restored = await Engines.Restore(_temp.Combine("restored")).RestoreAsync(_temp.Combine("backup.tar.gz"), replace: false);

        Assert.True(restored.Verified.IsClean, "the restored tree with memory files does not verify clean");
        var source = Tree.DataFiles(_temp.Combine("data"));
        var copy = Tree.DataFiles(_temp.Combine("restored"));
        Assert.Equal(source[Changes], copy[Changes]);
        Assert.Equal(source[Snapshot], copy[Snapshot]);
    }

    [Fact]
    public async Task Verify_FlagsAChangeLineThatIsNotJson_NamingTheFileAndLine()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        await WriteMemoryFilesAsync(_temp.Combine("data"));
        var changes = Path.Join(_temp.Combine("data"), Changes);
        await File.AppendAllTextAsync(changes, "{\"seq\":2,\"op\":\"add\"\n");

        var report = await Engines.Verify(_temp.Combine("data")).VerifyAsync();

        var problem = Assert.Single(report.Problems, p => p.IsError);
        Assert.Equal((ProblemKind.CorruptRecord, changes), (problem.Kind, problem.Path));
        Assert.Contains("memory change log", problem.Message, StringComparison.Ordinal);
        Assert.Contains("line 2 is not a JSON object (rule: memory-change-is-json)", problem.Message, StringComparison.Ordinal);
    }
}

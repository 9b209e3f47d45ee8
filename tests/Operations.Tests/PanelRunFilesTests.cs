using ChatDb.Operations.Tests.Support;

namespace ChatDb.Operations.Tests;

/// <summary>A panel's multi-agent runs and traces (docs/STORAGE.md, panel runs) go through verify, export, import, backup and restore as files.</summary>
public sealed class PanelRunFilesTests : IDisposable
{
    private const string RunId = "run_5f0c2a9e4b7d4e1f8a6b3c2d1e0f9a8b";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Writes a run, its trace and the run index into the first panel of the data set; returns their paths from the root.</summary>
    private static async Task<string[]> WriteRunFilesAsync(string root)
    {
        var panel = Directory.GetDirectories(Path.Join(root, "panel_sessions")).Order(StringComparer.Ordinal).First();
        var panelDir = "panel_sessions/" + Path.GetFileName(panel);
        string[] files = [$"{panelDir}/runs.json", $"{panelDir}/runs/{RunId}.json", $"{panelDir}/runs/{RunId}.trace.jsonl"];
        foreach (var file in files)
        {
            var path = Path.Join(root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var content = file.EndsWith(".jsonl", StringComparison.Ordinal)
                ? $"{{\"seq\":1,\"run_id\":\"{RunId}\",\"kind\":\"run_started\",\"at\":\"2026-01-31T12:00:00.000000Z\"}}\n"
                : $"{{\"file\":\"{file}\"}}";
            await File.WriteAllTextAsync(path, content);
        }

        return files;
    }

    [Fact]
    public async Task PanelRunFiles_VerifyClean_AndSurviveExportAndImportByteForByte()
    {
        await TestDataSet.CreateAsync(_temp.Combine("source"));
        var files = await WriteRunFilesAsync(_temp.Combine("source"));

        var verified = await Engines.Verify(_temp.Combine("source")).VerifyAsync();
        await Engines.Export(_temp.Combine("source")).ExportAsync(_temp.Combine("out.jsonl"));
        await Engines.Import(_temp.Combine("copy")).ImportAsync(_temp.Combine("out.jsonl"));

        Assert.True(verified.IsClean, "verify is not clean with panel run files present: " + string.Join("; ", verified.Problems.Select(p => p.Message)));
        var source = Tree.DataFiles(_temp.Combine("source"));
        var copy = Tree.DataFiles(_temp.Combine("copy"));
        foreach (var file in files)
        {
            Assert.True(copy.ContainsKey(file), $"{file} did not come back from the export");
            Assert.Equal(source[file], copy[file]);
        }
    }

    [Fact]
    public async Task BackupThenRestore_ReproducesThePanelRunFiles_AndVerifiesClean()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        var files = await WriteRunFilesAsync(_temp.Combine("data"));

        await Engines.Backup(_temp.Combine("data")).BackupAsync(_temp.Combine("backup.tar.gz"));
        var restored = await Engines.Restore(_temp.Combine("restored")).RestoreAsync(_temp.Combine("backup.tar.gz"), replace: false);

        Assert.True(restored.Verified.IsClean, "the restored tree with panel run files does not verify clean");
        var source = Tree.DataFiles(_temp.Combine("data"));
        var copy = Tree.DataFiles(_temp.Combine("restored"));
        foreach (var file in files)
        {
            Assert.True(copy.ContainsKey(file), $"{file} did not come back from the backup");
            Assert.Equal(source[file], copy[file]);
        }
    }

    [Fact]
    public async Task AStrayFileInAPanelDirectory_IsStillReported()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        var files = await WriteRunFilesAsync(_temp.Combine("data"));
        var stray = Path.Join(_temp.Combine("data"), Path.GetDirectoryName(files[0])!, "notes.txt");
        await File.WriteAllTextAsync(stray, "x");

        var report = await Engines.Verify(_temp.Combine("data")).VerifyAsync();

        Assert.Contains(report.Problems, p => p.Path == stray);
    }
}

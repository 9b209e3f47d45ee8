using ChatDb.Operations.Tests.Support;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage;

namespace ChatDb.Operations.Tests;

public sealed class ExportImportTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ExportThenImport_RebuildsEveryDataFile_AndTheSecondExportIsByteIdentical()
    {
        var source = await TestDataSet.CreateAsync(_temp.Combine("source"));
        var first = await Engines.Export(_temp.Combine("source")).ExportAsync(_temp.Combine("one.jsonl"));

        var imported = await Engines.Import(_temp.Combine("copy")).ImportAsync(_temp.Combine("one.jsonl"));
        await Engines.Export(_temp.Combine("copy")).ExportAsync(_temp.Combine("two.jsonl"));

        Assert.Equal(first.Records, imported.Records);
        Assert.Equal(source.Messages, imported.Counts["message"] + imported.Counts["panel_message"]);
        Assert.Equal(await File.ReadAllBytesAsync(_temp.Combine("one.jsonl")), await File.ReadAllBytesAsync(_temp.Combine("two.jsonl")));
        var expected = Tree.DataFiles(_temp.Combine("source"));
        foreach (var derived in expected.Keys.Where(k => k.Contains("/.index/", StringComparison.Ordinal)).ToList())
        {
            expected.Remove(derived);
        }

        Assert.Equal(expected, Tree.DataFiles(_temp.Combine("copy")));
        Assert.True((await Engines.Verify(_temp.Combine("copy")).VerifyAsync()).IsClean);
    }

    [Fact]
    public async Task Export_CarriesEveryRecordKind()
    {
        await TestDataSet.CreateAsync(_temp.Combine("source"));

        var result = await Engines.Export(_temp.Combine("source")).ExportAsync(_temp.Combine("out.jsonl"));

        foreach (var kind in RecordKinds.All)
        {
            Assert.True(result.Counts[RecordKinds.Name(kind)] > 0, $"the export has no '{RecordKinds.Name(kind)}' record");
        }

        var lines = await File.ReadAllLinesAsync(_temp.Combine("out.jsonl"));
        Assert.StartsWith("{\"kind\":\"header\"", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("{\"kind\":\"end\"", lines[^1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("{\"kind\":\"message\",\"user_id\":\"user0\",\"session_id\":", StringComparison.Ordinal) && l.Contains("\"data\":{\"seq\":1,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_IntoANonEmptyDirectory_RefusesWithoutMerge()
    {
        await TestDataSet.CreateAsync(_temp.Combine("source"));
        await Engines.Export(_temp.Combine("source")).ExportAsync(_temp.Combine("out.jsonl"));

        var error = await Assert.ThrowsAsync<ConfigurationError>(() => Engines.Import(_temp.Combine("source")).ImportAsync(_temp.Combine("out.jsonl")));

        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("--merge", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_WithMerge_SkipsIdenticalFiles_AndRefusesDifferingOnesWithoutChangingAnything()
    {
        await TestDataSet.CreateAsync(_temp.Combine("source"));
        await Engines.Export(_temp.Combine("source")).ExportAsync(_temp.Combine("out.jsonl"));

        var same = await Engines.Import(_temp.Combine("source")).ImportAsync(_temp.Combine("out.jsonl"), new ImportOptions { Merge = true });
        Assert.True(same.IdenticalFilesSkipped > 0);

        var profile = Directory.EnumerateFiles(_temp.Combine("source", "users", "user1"), "profile.json").Single();
        await File.WriteAllTextAsync(profile, (await File.ReadAllTextAsync(profile)).Replace("\"theme\": \"dark\"", "\"theme\": \"light\"", StringComparison.Ordinal));
        var before = Tree.Files(_temp.Combine("source"));

        var error = await Assert.ThrowsAsync<ValidationError>(() => Engines.Import(_temp.Combine("source")).ImportAsync(_temp.Combine("out.jsonl"), new ImportOptions { Merge = true }));

        Assert.Contains("users/user1/profile.json", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Tree.Files(_temp.Combine("source")));
    }

    [Fact]
    public async Task Import_OfATruncatedExport_RefusesAndLeavesTheDirectoryEmpty()
    {
        await TestDataSet.CreateAsync(_temp.Combine("source"));
        await Engines.Export(_temp.Combine("source")).ExportAsync(_temp.Combine("out.jsonl"));
        var lines = await File.ReadAllLinesAsync(_temp.Combine("out.jsonl"));
        await File.WriteAllLinesAsync(_temp.Combine("cut.jsonl"), lines[..^5]);

        var error = await Assert.ThrowsAsync<IntegrityError>(() => Engines.Import(_temp.Combine("copy")).ImportAsync(_temp.Combine("cut.jsonl")));

        Assert.Contains("cut short", error.Message, StringComparison.Ordinal);
        Assert.Equal([".lock"], Directory.EnumerateFileSystemEntries(_temp.Combine("copy")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Export_CancelledMidway_LeavesNoOutputAndNoTempFile()
    {
        await TestDataSet.CreateAsync(_temp.Combine("source"), messagesPerSession: 5000);
        using var cancel = new CancellationTokenSource();
        var progress = new CancelAfter(cancel, 4096);
        var engine = new ExportEngine(Engines.Options(_temp.Combine("source")), Cli.Commands.Maintenance.ChatModelSchema.Instance, progress);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.ExportAsync(_temp.Combine("out", "export.jsonl"), cancel.Token));

        Assert.True(progress.Reports > 0, "the export was cancelled before it reported progress");
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Combine("out")));
    }

    [Fact]
    public async Task Import_CancelledMidway_LeavesNothingBehind()
    {
        await TestDataSet.CreateAsync(_temp.Combine("source"), messagesPerSession: 5000);
        await Engines.Export(_temp.Combine("source")).ExportAsync(_temp.Combine("out.jsonl"));
        using var cancel = new CancellationTokenSource();
        var engine = new ImportEngine(Engines.Options(_temp.Combine("copy")), Cli.Commands.Maintenance.ChatModelSchema.Instance, new CancelAfter(cancel, 4096));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.ImportAsync(_temp.Combine("out.jsonl"), cancellationToken: cancel.Token));

        Assert.Equal([".lock"], Directory.EnumerateFileSystemEntries(_temp.Combine("copy")).Select(Path.GetFileName));
    }

    /// <summary>Plays Ctrl-C once the engine has reported <paramref name="after"/> items.</summary>
    private sealed class CancelAfter(CancellationTokenSource cancel, long after) : IMaintenanceProgress
    {
        public int Reports { get; private set; }

        public void Report(ProgressUpdate update)
        {
            Reports++;
            if (update.Done >= after)
            {
                cancel.Cancel();
            }
        }
    }
}

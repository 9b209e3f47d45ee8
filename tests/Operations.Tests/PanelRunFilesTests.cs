using ChatDb.Operations.Tests.Support;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Operations.Tests;

/// <summary>A panel's multi-agent runs and traces (docs/STORAGE.md, panel runs) go through verify, export, import, backup and restore as files.</summary>
public sealed class PanelRunFilesTests : IDisposable
{
    private const string RunId = "run_5f0c2a9e4b7d4e1f8a6b3c2d1e0f9a8b";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Writes a run (queued, so it has no messages yet), its trace and the run list into the first panel of the data set; returns their paths from the root.</summary>
    private static async Task<string[]> WriteRunFilesAsync(string root)
    {
        var panelId = PanelOf(root);
        var panelDir = "panel_sessions/" + panelId;
        string[] files = [$"{panelDir}/runs.jsonl", $"{panelDir}/runs/{RunId}.json", $"{panelDir}/runs/{RunId}.trace.jsonl"];
        Directory.CreateDirectory(Path.Join(root, panelDir, "runs"));
        await File.WriteAllTextAsync(Path.Join(root, files[0]), RunListLines(RunId));
        await File.WriteAllTextAsync(Path.Join(root, files[1]),
            $$"""{"id":"{{RunId}}","panel_id":"{{panelId}}","status":"queued","strategy":"round_robin","input":"x","max_turns":2,"turns":[]}""");
        await File.WriteAllTextAsync(Path.Join(root, files[2]), TraceLine(1, RunId, panelId));
        return files;
    }

    private static string RunListLines(params string[] runIds) =>
        string.Concat(runIds.Select((id, i) => $$"""{"seq":{{i + 1}},"run_id":"{{id}}"}""" + "\n"));

    private static string PanelOf(string root) => Path.GetFileName(Directory.GetDirectories(Path.Join(root, "panel_sessions")).Order(StringComparer.Ordinal).First());

    private static string TraceLine(long seq, string runId, string panelId) =>
        $$"""{"seq":{{seq}},"run_id":"{{runId}}","panel_id":"{{panelId}}","kind":"run_started","at":"2026-01-31T12:00:00.000000Z"}""" + "\n";

    private string Data(string relative) => Path.Join(_temp.Combine("data"), relative);

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

    [Fact]
    public async Task ACorruptedTraceLine_AGapAndALineOfAnotherRun_AreReportedOnTheTrace()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        var files = await WriteRunFilesAsync(_temp.Combine("data"));
        var panelId = PanelOf(_temp.Combine("data"));
        var trace = Data(files[2]);
        await File.WriteAllTextAsync(trace, TraceLine(1, RunId, panelId) + "{\"seq\":2,\"run_id\": not json\n" + TraceLine(4, RunId, panelId)
            + TraceLine(5, "run_00000000000000000000000000000000", panelId) + TraceLine(6, RunId, panelId));

        var report = await Engines.Verify(_temp.Combine("data")).VerifyAsync();

        var onTrace = report.Problems.Where(p => p.Path == trace).ToList();
        Assert.Contains(onTrace, p => p.Kind == ProblemKind.CorruptRecord && p.Message.Contains("line 2", StringComparison.Ordinal));
        Assert.Contains(onTrace, p => p.Kind == ProblemKind.SequenceGap && p.Message.Contains("line 3", StringComparison.Ordinal));
        var other = Assert.Single(onTrace, p => p.Kind == ProblemKind.IdentityMismatch);
        Assert.Contains("line 4 belongs to run 'run_00000000000000000000000000000000'", other.Message, StringComparison.Ordinal);
        Assert.Contains("rule: trace-of-its-run", other.Message, StringComparison.Ordinal);
        Assert.False(report.IsClean);
    }

    [Fact]
    public async Task ARunRecordAndItsIndexThatDisagree_AreReported()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        var files = await WriteRunFilesAsync(_temp.Combine("data"));
        var panelId = PanelOf(_temp.Combine("data"));
        const string Unlisted = "run_11111111111111111111111111111111";
        const string Missing = "run_22222222222222222222222222222222";
        await File.WriteAllTextAsync(Data(files[0]), RunListLines(RunId, Missing));
        var unlisted = Data($"panel_sessions/{panelId}/runs/{Unlisted}.json");
        await File.WriteAllTextAsync(unlisted, $$"""{"id":"{{Unlisted}}","panel_id":"{{panelId}}","status":"failed","strategy":"round_robin","input":"x","turns":[]}""");

        var report = await Engines.Verify(_temp.Combine("data")).VerifyAsync();

        Assert.Contains(report.Problems, p => p.Path == Data(files[0]) && p.Kind == ProblemKind.MissingFile
            && p.Message.Contains($"lists run '{Missing}'", StringComparison.Ordinal) && p.Message.Contains("rule: listed-run-has-record", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Path == unlisted && p.Message.Contains("rule: run-is-listed", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Problems, p => p.Path == Data(files[1]));
    }

    [Fact]
    public async Task RunTurnsThatAreNotTheRunsMessages_AndAMessageOfAnUnknownRun_AreReported()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        var files = await WriteRunFilesAsync(_temp.Combine("data"));
        var panelId = PanelOf(_temp.Combine("data"));
        var messages = Data($"panel_sessions/{panelId}/messages.jsonl");

        // Message 6 says a run appended it that the panel does not list.
        var last = System.Text.Json.Nodes.JsonNode.Parse(File.ReadLines(messages).Last())!.AsObject();
        last["seq"] = 6;
        last["metadata"] = new System.Text.Json.Nodes.JsonObject { ["panel_run_id"] = "run_33333333333333333333333333333333" };
        await File.AppendAllTextAsync(messages, last.ToJsonString() + "\n");
        await File.WriteAllTextAsync(Data(files[1]),
            $$"""{"id":"{{RunId}}","panel_id":"{{panelId}}","status":"failed","strategy":"round_robin","input":"x","input_seq":2,"turns":[{"seq":3,"role":"sage","agent":"sage","reason":"r"},{"seq":99,"role":"a/b","agent":"b","reason":"r"}]}""");

        var report = await Engines.Verify(_temp.Combine("data")).VerifyAsync();

        var onRecord = report.Problems.Where(p => p.Path == Data(files[1])).Select(p => p.Message).ToList();
        Assert.Contains(onRecord, m => m.Contains("its input is message 2", StringComparison.Ordinal) && m.Contains("rule: turn-is-run-message", StringComparison.Ordinal));
        Assert.Contains(onRecord, m => m.Contains("turn 1 is message 3", StringComparison.Ordinal) && m.Contains("rule: turn-is-run-message", StringComparison.Ordinal));
        Assert.Contains(onRecord, m => m.Contains("turn 2 is message 99", StringComparison.Ordinal) && m.Contains("rule: turn-is-panel-message", StringComparison.Ordinal));
        var unknown = Assert.Single(report.Problems, p => p.Path == messages && p.Kind == ProblemKind.IdentityMismatch);
        Assert.Contains("line 6 was appended by run 'run_33333333333333333333333333333333'", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARunListLineThatIsNotARunId_IsReportedOnTheList_AndARunListOfFormatSixIsCarriedButReported()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        var files = await WriteRunFilesAsync(_temp.Combine("data"));
        var list = Data(files[0]);
        await File.AppendAllTextAsync(list, "{\"seq\":2,\"id\":\"run_11111111111111111111111111111111\"}\n");
        var document = Data(Path.ChangeExtension(files[0], ".json"));
        await File.WriteAllTextAsync(document, $$"""{"run_ids":["{{RunId}}"]}""");

        var report = await Engines.Verify(_temp.Combine("data")).VerifyAsync();
        await Engines.Export(_temp.Combine("data")).ExportAsync(_temp.Combine("out.jsonl"));
        await Engines.Import(_temp.Combine("copy")).ImportAsync(_temp.Combine("out.jsonl"));

        var shape = Assert.Single(report.Problems, p => p.Path == list);
        Assert.Equal(ProblemKind.InvalidDocument, shape.Kind);
        Assert.Contains("line 2", shape.Message, StringComparison.Ordinal);
        Assert.Contains("rule: run-index-shape", shape.Message, StringComparison.Ordinal);
        var old = Assert.Single(report.Problems, p => p.Path == document);
        Assert.Equal(ProblemKind.OutsideLayout, old.Kind);
        Assert.Contains("rule: run-list-is-log", old.Message, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(document), File.ReadAllBytes(Path.Join(_temp.Combine("copy"), Path.ChangeExtension(files[0], ".json"))));
    }

    [Fact]
    public async Task AnExportOfAFormatSixTreeWithRunLists_IsImportedAsItWas_AndTheNextOpenConvertsTheLists()
    {
        var source = _temp.Combine("source");
        await TestDataSet.CreateAsync(source);
        var files = await WriteRunFilesAsync(source);

        // The tree as a format-6 build wrote it: the panel's and an agent's run lists as documents, the version 6.
        File.Delete(Path.Join(source, files[0]));
        var panelDocument = Path.ChangeExtension(files[0], ".json");
        await File.WriteAllTextAsync(Path.Join(source, panelDocument), $$"""{"run_ids":["{{RunId}}"]}""");
        const string AgentDocument = "users/user0/agents/runs/planner.json";
        Directory.CreateDirectory(Path.Join(source, "users/user0/agents/runs/planner"));
        await File.WriteAllTextAsync(Path.Join(source, "users/user0/agents/planner.json"), """{"id":"planner","version":1}""");
        await File.WriteAllTextAsync(Path.Join(source, $"users/user0/agents/runs/planner/{RunId}.json"), $$"""{"id":"{{RunId}}"}""");
        await File.WriteAllTextAsync(Path.Join(source, AgentDocument), $$"""{"run_ids":["{{RunId}}"]}""");
        var config = Path.Join(source, "system", "config.json");
        var record = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(config))!.AsObject();
        record["format_version"] = 6;
        await File.WriteAllTextAsync(config, record.ToJsonString());

        await Engines.Export(source).ExportAsync(_temp.Combine("out.jsonl"));
        var copy = _temp.Combine("copy");
        await Engines.Import(copy).ImportAsync(_temp.Combine("out.jsonl"));
        var imported = Tree.DataFiles(copy);
        using (var opened = ChatDb.Storage.Flatfile.FlatfileDataDirectory.Open(Engines.Options(copy)))
        {
            Assert.Equal(ChatDb.Storage.Flatfile.Layout.DataFormat.Current, opened.Format);
        }

        var verified = await Engines.Verify(copy).VerifyAsync();

        Assert.True(imported.ContainsKey(panelDocument) && imported.ContainsKey(AgentDocument), "the import dropped a run list of format 6");
        Assert.False(File.Exists(Path.Join(copy, panelDocument)));
        Assert.False(File.Exists(Path.Join(copy, AgentDocument)));
        Assert.Equal(RunListLines(RunId), await File.ReadAllTextAsync(Path.Join(copy, files[0])));
        Assert.Equal(RunListLines(RunId), await File.ReadAllTextAsync(Path.Join(copy, "users/user0/agents/runs/planner.jsonl")));
        Assert.True(verified.IsClean, "the converted tree does not verify clean: " + string.Join("; ", verified.Problems.Select(p => p.Message)));
    }
}

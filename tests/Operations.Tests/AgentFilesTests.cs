using ChatDb.Operations.Tests.Support;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Operations.Tests;

/// <summary>Agent definitions, run lists, runs and traces (docs/STORAGE.md §10) go through verify, export, import, backup and restore as files.</summary>
public sealed class AgentFilesTests : IDisposable
{
    private const string RunId = "run_5f0c2a9e4b7d4e1f8a6b3c2d1e0f9a8b";

    private static readonly string[] AgentFiles =
    [
        "users/user0/agents/catalog/agents.json",
        "users/user0/agents/planner.json",
        "users/user0/agents/versions/planner/v1.json",
        "users/user0/agents/runs/planner.jsonl",
        $"users/user0/agents/runs/planner/{RunId}.json",
        $"users/user0/agents/runs/planner/{RunId}.trace.jsonl",
        "agents_global/catalog/agents.json",
        "agents_global/helper.json",
        "agents_global/versions/helper/v1.json",
        "users/user0/agents/global_runs/helper.jsonl",
        $"users/user0/agents/global_runs/helper/{RunId}.json",
        $"users/user0/agents/global_runs/helper/{RunId}.trace.jsonl",
    ];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task WriteAgentFilesAsync(string root)
    {
        foreach (var file in AgentFiles)
        {
            var path = Path.Join(root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var content = file.EndsWith(".trace.jsonl", StringComparison.Ordinal)
                ? $"{{\"seq\":1,\"run_id\":\"{RunId}\",\"agent_id\":\"planner\",\"kind\":\"run_started\",\"at\":\"2026-01-31T12:00:00.000000Z\"}}\n"
                : file.EndsWith(".jsonl", StringComparison.Ordinal)
                    ? $"{{\"seq\":1,\"run_id\":\"{RunId}\"}}\n"
                    : $"{{\"file\":\"{file}\"}}";
            await File.WriteAllTextAsync(path, content);
        }
    }

    [Fact]
    public async Task AgentFiles_VerifyClean_AndSurviveExportAndImportByteForByte()
    {
        await TestDataSet.CreateAsync(_temp.Combine("source"));
        await WriteAgentFilesAsync(_temp.Combine("source"));

        var verified = await Engines.Verify(_temp.Combine("source")).VerifyAsync();
        var exported = await Engines.Export(_temp.Combine("source")).ExportAsync(_temp.Combine("out.jsonl"));
        await Engines.Import(_temp.Combine("copy")).ImportAsync(_temp.Combine("out.jsonl"));

        Assert.True(verified.IsClean, "verify is not clean with agent files present");
        Assert.True(exported.Counts["file"] >= AgentFiles.Length, $"the export has {exported.Counts["file"]} file records");
        var source = Tree.DataFiles(_temp.Combine("source"));
        var copy = Tree.DataFiles(_temp.Combine("copy"));
        foreach (var file in AgentFiles)
        {
            Assert.True(copy.ContainsKey(file), $"{file} did not come back from the export");
            Assert.Equal(source[file], copy[file]);
        }
    }

    [Fact]
    public async Task BackupThenRestore_OfATreeWithAgents_ReproducesTheAgentFiles_AndVerifiesClean()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        await WriteAgentFilesAsync(_temp.Combine("data"));

        var backup = await Engines.Backup(_temp.Combine("data")).BackupAsync(_temp.Combine("backup.tar.gz"));
        var restored = await Engines.Restore(_temp.Combine("restored")).RestoreAsync(_temp.Combine("backup.tar.gz"), replace: false);

        Assert.True(restored.Verified.IsClean, "the restored tree with agent files does not verify clean");
        Assert.Equal(backup.Files, restored.Files);
        var source = Tree.DataFiles(_temp.Combine("data"));
        var copy = Tree.DataFiles(_temp.Combine("restored"));
        foreach (var file in AgentFiles)
        {
            Assert.True(copy.ContainsKey(file), $"{file} did not come back from the backup");
            Assert.Equal(source[file], copy[file]);
        }
    }

    [Fact]
    public async Task Verify_FlagsATraceLineThatIsNotJson_NamingTheFileAndLine()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        await WriteAgentFilesAsync(_temp.Combine("data"));
        var trace = Path.Join(_temp.Combine("data"), AgentFiles[5]);
        await File.AppendAllTextAsync(trace, "{\"seq\":2,\"kind\":\"model_called\"\n{\"seq\":3,\"kind\":\"run_finished\"}\n");

        var report = await Engines.Verify(_temp.Combine("data")).VerifyAsync();

        Assert.False(report.IsClean);
        var problem = Assert.Single(report.Problems, p => p.IsError);
        Assert.Equal(ProblemKind.CorruptRecord, problem.Kind);
        Assert.Equal(trace, problem.Path);
        Assert.Contains("line 2 is not a JSON object", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WarnsOfAnUnfinishedLastTraceLine_WithoutFailing()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        await WriteAgentFilesAsync(_temp.Combine("data"));
        var trace = Path.Join(_temp.Combine("data"), AgentFiles[5]);
        await File.AppendAllTextAsync(trace, "{\"seq\":2,\"ki");

        var report = await Engines.Verify(_temp.Combine("data")).VerifyAsync();

        Assert.True(report.IsClean);
        var problem = Assert.Single(report.Problems, p => p.Path == trace);
        Assert.Equal((ProblemKind.TornTail, false), (problem.Kind, problem.IsError));
    }

    [Fact]
    public async Task Verify_FlagsARunRecordWhoseAgentIsMissing()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        await WriteAgentFilesAsync(_temp.Combine("data"));
        File.Delete(Path.Join(_temp.Combine("data"), "users/user0/agents/planner.json"));

        var report = await Engines.Verify(_temp.Combine("data")).VerifyAsync();

        var problem = Assert.Single(report.Problems, p => p.IsError);
        Assert.Equal(ProblemKind.MissingFile, problem.Kind);
        Assert.Equal(Path.Join(_temp.Combine("data"), AgentFiles[4]), problem.Path);
        Assert.Contains("agent 'planner'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AcceptsAUsersRunOfAGlobalAgentThatWasDeleted_ButFlagsItsBadTraceLines()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        await WriteAgentFilesAsync(_temp.Combine("data"));
        File.Delete(Path.Join(_temp.Combine("data"), "agents_global/helper.json"));

        var afterDelete = await Engines.Verify(_temp.Combine("data")).VerifyAsync();
        var trace = Path.Join(_temp.Combine("data"), AgentFiles[11]);
        await File.AppendAllTextAsync(trace, "not json\n");
        var afterDamage = await Engines.Verify(_temp.Combine("data")).VerifyAsync();

        Assert.True(afterDelete.IsClean, "a user's run of a deleted global agent must verify clean");
        var problem = Assert.Single(afterDamage.Problems, p => p.IsError);
        Assert.Equal((ProblemKind.CorruptRecord, trace), (problem.Kind, problem.Path));
    }

    [Fact]
    public async Task Verify_FlagsARunListLineThatIsNotARunId_AndAGapInTheList_NamingTheFile()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        await WriteAgentFilesAsync(_temp.Combine("data"));
        var list = Path.Join(_temp.Combine("data"), AgentFiles[3]);
        await File.AppendAllTextAsync(list, "{\"seq\":2,\"run_id\":\"not-a-run\"}\n{\"seq\":4,\"run_id\":\"run_11111111111111111111111111111111\"}\n"
            + "{\"seq\":5,\"run_id\":\"run_22222222222222222222222222222222\"}\n");

        var report = await Engines.Verify(_temp.Combine("data")).VerifyAsync();

        Assert.False(report.IsClean);
        var shape = Assert.Single(report.Problems, p => p.Kind == ProblemKind.InvalidDocument);
        Assert.Equal(list, shape.Path);
        Assert.Contains($"run list '{list}' line 2", shape.Message, StringComparison.Ordinal);
        Assert.Contains("rule: run-index-shape", shape.Message, StringComparison.Ordinal);
        Assert.Contains(report.Problems, p => p.Kind == ProblemKind.SequenceGap && p.Path == list);
    }

    [Fact]
    public async Task Verify_FlagsARunListOfFormatSix_ThatNoGrainOfThisFormatReads()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        await WriteAgentFilesAsync(_temp.Combine("data"));
        var document = Path.Join(_temp.Combine("data"), "users/user0/agents/runs/planner.json");
        await File.WriteAllTextAsync(document, $$"""{"run_ids":["{{RunId}}"]}""");

        var report = await Engines.Verify(_temp.Combine("data")).VerifyAsync();

        var problem = Assert.Single(report.Problems, p => p.IsError);
        Assert.Equal((ProblemKind.OutsideLayout, document), (problem.Kind, problem.Path));
        Assert.Contains("rule: run-list-is-log", problem.Message, StringComparison.Ordinal);
    }
}

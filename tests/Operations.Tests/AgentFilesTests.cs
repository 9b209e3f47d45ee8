using ChatDb.Operations.Tests.Support;

namespace ChatDb.Operations.Tests;

/// <summary>Agent definitions, runs and traces (docs/STORAGE.md §10) go through verify, export and import as files.</summary>
public sealed class AgentFilesTests : IDisposable
{
    private const string RunId = "run_5f0c2a9e4b7d4e1f8a6b3c2d1e0f9a8b";

    private static readonly string[] AgentFiles =
    [
        "users/user0/agents/catalog/agents.json",
        "users/user0/agents/planner.json",
        "users/user0/agents/versions/planner/v1.json",
        "users/user0/agents/runs/planner.json",
        $"users/user0/agents/runs/planner/{RunId}.json",
        $"users/user0/agents/runs/planner/{RunId}.trace.jsonl",
        "agents_global/catalog/agents.json",
        "agents_global/helper.json",
        "agents_global/versions/helper/v1.json",
    ];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task WriteAgentFilesAsync(string root)
    {
        foreach (var file in AgentFiles)
        {
            var path = Path.Join(root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var content = file.EndsWith(".jsonl", StringComparison.Ordinal)
                ? $"{{\"seq\":1,\"run_id\":\"{RunId}\",\"agent_id\":\"planner\",\"kind\":\"run_started\",\"at\":\"2026-01-31T12:00:00.000000Z\"}}\n"
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
}

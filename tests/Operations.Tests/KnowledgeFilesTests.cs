using ChatDb.Operations.Tests.Support;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Operations.Tests;

/// <summary>A user's knowledge files (docs/RAG.md, "Layout") go through verify, export, import, backup and restore as files.</summary>
public sealed class KnowledgeFilesTests : IDisposable
{
    private const string Documents = "users/user0/knowledge/documents.json";
    private const string Raw = "users/user0/knowledge/files/notes.md";
    private const string Text = "users/user0/knowledge/text/notes.md.json";
    private const string Chunks = "users/user0/knowledge/chunks/notes.md.jsonl";

    private static readonly string[] All = [Documents, Raw, Text, Chunks];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task WriteKnowledgeFilesAsync(string root)
    {
        foreach (var file in All)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Join(root, file))!);
        }

        await File.WriteAllTextAsync(Path.Join(root, Documents),
            """{"notes.md":{"filename":"notes.md","format":"markdown","bytes":20,"status":"indexed","reason":null,"chunks":1,"updated_at":"2026-01-31T12:00:00.000000Z"}}""");
        await File.WriteAllTextAsync(Path.Join(root, Raw), "# Hotels\n\nBook early\n");
        await File.WriteAllTextAsync(Path.Join(root, Text), """{"filename":"notes.md","format":"markdown","extracted_at":"2026-01-31T12:00:00.000000Z","characters":17,"text":"Hotels\n\nBook early"}""");
        await File.WriteAllTextAsync(Path.Join(root, Chunks), "{\"position\":0,\"heading\":\"Hotels\",\"text\":\"Book early\",\"page\":null}\n");
    }

    [Fact]
    public async Task KnowledgeFiles_VerifyClean_SurviveExportAndImport_AndBackupAndRestore_ByteForByte()
    {
        await TestDataSet.CreateAsync(_temp.Combine("source"));
        await WriteKnowledgeFilesAsync(_temp.Combine("source"));

        var verified = await Engines.Verify(_temp.Combine("source")).VerifyAsync();
        await Engines.Export(_temp.Combine("source")).ExportAsync(_temp.Combine("out.jsonl"));
        await Engines.Import(_temp.Combine("copy")).ImportAsync(_temp.Combine("out.jsonl"));
        await Engines.Backup(_temp.Combine("source")).BackupAsync(_temp.Combine("backup.tar.gz"));
        var restored = await Engines.Restore(_temp.Combine("restored")).RestoreAsync(_temp.Combine("backup.tar.gz"), replace: false);

        Assert.True(verified.IsClean, "verify is not clean with knowledge files present: " + string.Join("; ", verified.Problems.Select(p => p.Message)));
        Assert.True(restored.Verified.IsClean, "the restored tree with knowledge files does not verify clean");
        var source = Tree.DataFiles(_temp.Combine("source"));
        foreach (var copy in new[] { Tree.DataFiles(_temp.Combine("copy")), Tree.DataFiles(_temp.Combine("restored")) })
        {
            foreach (var file in All)
            {
                Assert.True(copy.ContainsKey(file), $"{file} did not come back");
                Assert.Equal(source[file], copy[file]);
            }
        }
    }

    [Fact]
    public async Task Verify_FlagsAChunkLineThatIsNotJson_NamingTheFileAndLine()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        await WriteKnowledgeFilesAsync(_temp.Combine("data"));
        var chunks = Path.Join(_temp.Combine("data"), Chunks);
        await File.AppendAllTextAsync(chunks, "{\"position\":1,\n");

        var report = await Engines.Verify(_temp.Combine("data")).VerifyAsync();

        var problem = Assert.Single(report.Problems, p => p.IsError);
        Assert.Equal((ProblemKind.CorruptRecord, chunks), (problem.Kind, problem.Path));
        Assert.Contains("line 2 is not a JSON object (rule: knowledge-chunk-is-json)", problem.Message, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Tests.Support;

namespace ChatDb.Storage.Flatfile.Tests;

/// <summary>
/// The data directory's <c>format_version</c> in <c>system/config.json</c>. Upgrading a tree without run lists writes the
/// version alone; the upgrade to 7 also converts every run list it finds (and only that one) (<see cref="RunLists"/>).
/// </summary>
public sealed class DataFormatTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string ConfigFile => Path.Join(_directory.Path, "system", "config.json");

    [Fact]
    public void Open_OnANewDirectory_RecordsTheCurrentFormat()
    {
        using var opened = FlatfileDataDirectory.Open(StorageOptions.At(_directory.Path));

        Assert.Equal(DataFormat.Current, opened.Format);
        using var record = JsonDocument.Parse(File.ReadAllBytes(ConfigFile));
        Assert.Equal(DataFormat.Current, record.RootElement.GetProperty("format_version").GetInt32());
    }

    [Fact]
    public void Open_OnATreeWithDataAndNoRecord_UpgradesFormatOne_ByRecordingTheVersionAlone()
    {
        var profile = Path.Join(_directory.Path, "users", "alice", "profile.json");
        Directory.CreateDirectory(Path.GetDirectoryName(profile)!);
        File.WriteAllText(profile, """{"user_id": "alice"}""");

        using var opened = FlatfileDataDirectory.Open(StorageOptions.At(_directory.Path));

        Assert.Equal(8, DataFormat.Current);
        Assert.Equal(DataFormat.Current, opened.Format);
        using var record = JsonDocument.Parse(File.ReadAllBytes(ConfigFile));
        Assert.Equal([("format_version", "8")], record.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())));
        Assert.Equal("""{"user_id": "alice"}""", File.ReadAllText(profile));
    }

    [Fact]
    public void Open_OnAFormatTwoTree_UpgradesToTheCurrent_ByRecordingTheVersionAlone_AndLeavesTheAgentFilesAsTheyWere()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        File.WriteAllText(ConfigFile, """{"format_version": 2}""");
        var agent = Path.Join(_directory.Path, "users", "alice", "agents", "planner.json");
        var trace = Path.Join(_directory.Path, "users", "alice", "agents", "runs", "planner", "run_0123456789abcdef0123456789abcdef.trace.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(trace)!);
        File.WriteAllText(agent, """{"id": "planner", "version": 1}""");
        File.WriteAllText(trace, "{\"seq\":1,\"kind\":\"run_started\"}\n");

        using (var opened = FlatfileDataDirectory.Open(StorageOptions.At(_directory.Path)))
        {
            Assert.Equal(DataFormat.Current, opened.Format);
        }

        using var record = JsonDocument.Parse(File.ReadAllBytes(ConfigFile));
        Assert.Equal([("format_version", "8")], record.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())));
        Assert.Equal("""{"id": "planner", "version": 1}""", File.ReadAllText(agent));
        Assert.Equal("{\"seq\":1,\"kind\":\"run_started\"}\n", File.ReadAllText(trace));
    }

    [Fact]
    public void Open_OnAFormatThreeTree_UpgradesToTheCurrent_ByRecordingTheVersionAlone_AndLeavesThePanelRunAndMemoryFilesAsTheyWere()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        File.WriteAllText(ConfigFile, """{"format_version": 3}""");
        var run = Path.Join(_directory.Path, "panel_sessions", "panel_20260101_000000_000000", "runs", "run_0123456789abcdef0123456789abcdef.json");
        Directory.CreateDirectory(Path.GetDirectoryName(run)!);
        File.WriteAllText(run, """{"id": "run_0123456789abcdef0123456789abcdef", "status": "succeeded"}""");
        var changes = Path.Join(_directory.Path, "users", "alice", "memory", "changes.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(changes)!);
        File.WriteAllText(changes, "{\"seq\":1,\"op\":\"add\"}\n");

        // A run record but no run list (runs.json): the upgrade to 7 converts lists only, so the version is all it writes.
        using (var opened = FlatfileDataDirectory.Open(StorageOptions.At(_directory.Path)))
        {
            Assert.Equal(DataFormat.Current, opened.Format);
        }

        using var record = JsonDocument.Parse(File.ReadAllBytes(ConfigFile));
        Assert.Equal([("format_version", "8")], record.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())));
        Assert.Equal("""{"id": "run_0123456789abcdef0123456789abcdef", "status": "succeeded"}""", File.ReadAllText(run));
        Assert.Equal("{\"seq\":1,\"op\":\"add\"}\n", File.ReadAllText(changes));
    }

    [Fact]
    public void Open_OnAFormatFiveTree_UpgradesToTheCurrent_ByRecordingTheVersionAlone_AndLeavesTheSessionsAsTheyWere()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        File.WriteAllText(ConfigFile, """{"format_version": 5}""");
        var session = Path.Join(_directory.Path, "users", "alice", "chat_session_20250102_030405_123456", "session.json");
        Directory.CreateDirectory(Path.GetDirectoryName(session)!);
        File.WriteAllText(session, """{"id": "chat_session_20250102_030405_123456", "user_id": "alice"}""");

        using (var opened = FlatfileDataDirectory.Open(StorageOptions.At(_directory.Path)))
        {
            Assert.Equal(8, opened.Format);
        }

        using var record = JsonDocument.Parse(File.ReadAllBytes(ConfigFile));
        Assert.Equal(8, record.RootElement.GetProperty("format_version").GetInt32());
        Assert.Equal("""{"id": "chat_session_20250102_030405_123456", "user_id": "alice"}""", File.ReadAllText(session));

        // A format-5 tree has no session journal; the open does not make one.
        Assert.False(File.Exists(Path.Join(_directory.Path, "users", "alice", "sessions.jsonl")));
    }

    [Fact]
    public void Open_OnAFormatFourTree_UpgradesToTheCurrent_ByRecordingTheVersionAlone_AndLeavesTheKnowledgeFilesAsTheyWere()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        File.WriteAllText(ConfigFile, """{"format_version": 4}""");
        var chunks = Path.Join(_directory.Path, "users", "alice", "knowledge", "chunks", "notes.md.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(chunks)!);
        File.WriteAllText(chunks, "{\"position\":0,\"heading\":null,\"text\":\"x\",\"page\":null}\n");

        using (var opened = FlatfileDataDirectory.Open(StorageOptions.At(_directory.Path)))
        {
            Assert.Equal(DataFormat.Current, opened.Format);
        }

        using var record = JsonDocument.Parse(File.ReadAllBytes(ConfigFile));
        Assert.Equal([("format_version", "8")], record.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())));
        Assert.Equal("{\"position\":0,\"heading\":null,\"text\":\"x\",\"page\":null}\n", File.ReadAllText(chunks));
    }

    private const string RunA = "run_0123456789abcdef0123456789abcdef";
    private const string RunB = "run_11111111111111111111111111111111";
    private const string RunC = "run_22222222222222222222222222222222";
    private const string Panel = "panel_20260101_000000_000000";

    private string Data(string relative) => Path.Join(_directory.Path, relative);

    private void Write(string relative, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Data(relative))!);
        File.WriteAllText(Data(relative), content);
    }

    private static string Lines(params string[] runIds) =>
        string.Concat(runIds.Select((id, i) => $"{{\"seq\":{i + 1},\"run_id\":\"{id}\"}}\n"));

    /// <summary>The format-6 run lists of every kind: an agent's, a user's runs of a global agent, a panel's, a trashed panel's.</summary>
    private static readonly (string Document, string Log, string[] Ids)[] FormatSixLists =
    [
        ("users/alice/agents/runs/planner.json", "users/alice/agents/runs/planner.jsonl", [RunA, RunB, RunC]),
        ("users/alice/agents/global_runs/helper.json", "users/alice/agents/global_runs/helper.jsonl", [RunB]),
        ($"panel_sessions/{Panel}/runs.json", $"panel_sessions/{Panel}/runs.jsonl", [RunC, RunA]),
        ($"trash/panels/{Panel}.deleted_20260102_000000_000000/runs.json", $"trash/panels/{Panel}.deleted_20260102_000000_000000/runs.jsonl", [RunA]),
        ("trash/users/bob/user.deleted_20260102_000000_000000/agents/runs/writer.json",
            "trash/users/bob/user.deleted_20260102_000000_000000/agents/runs/writer.jsonl", []),
    ];

    private void WriteFormatSixTree()
    {
        Write("system/config.json", """{"format_version": 6}""");
        foreach (var (document, _, ids) in FormatSixLists)
        {
            Write(document, JsonSerializer.Serialize(new { run_ids = ids }));
        }

        Write($"users/alice/agents/runs/planner/{RunA}.json", """{"id": "keep"}""");
    }

    [Fact]
    public void Open_OnAFormatSixTree_ConvertsEveryRunListIntoItsLog_RemovesTheDocuments_ThenRecordsTheCurrentFormat()
    {
        WriteFormatSixTree();

        using (var opened = FlatfileDataDirectory.Open(StorageOptions.At(_directory.Path)))
        {
            Assert.Equal(8, opened.Format);
        }

        foreach (var (document, log, ids) in FormatSixLists)
        {
            Assert.False(File.Exists(Data(document)), $"{document} is still there");
            Assert.Equal(Lines(ids), File.ReadAllText(Data(log)));
        }

        Assert.Equal(Lines(RunA, RunB, RunC), System.Text.Encoding.UTF8.GetString(RunLists.Lines([RunA, RunB, RunC])));
        Assert.Equal("""{"id": "keep"}""", File.ReadAllText(Data($"users/alice/agents/runs/planner/{RunA}.json")));
        using var record = JsonDocument.Parse(File.ReadAllBytes(ConfigFile));
        Assert.Equal(8, record.RootElement.GetProperty("format_version").GetInt32());
    }

    [Fact]
    public void Open_AfterACrashHalfwayThroughTheUpgrade_ConvertsWhatIsLeft_AndKeepsWhatWasDone()
    {
        WriteFormatSixTree();

        // The crash: the first list was converted (its document removed), the second's log was cut off after one line
        // with its document still there, the rest not started; the version still says 6.
        File.WriteAllText(Data(FormatSixLists[0].Log), Lines(FormatSixLists[0].Ids));
        File.Delete(Data(FormatSixLists[0].Document));
        File.WriteAllText(Data(FormatSixLists[2].Log), Lines(FormatSixLists[2].Ids)[..20]);
        File.WriteAllText(Data(FormatSixLists[2].Log + ".idx"), "stale");

        using (var opened = FlatfileDataDirectory.Open(StorageOptions.At(_directory.Path)))
        {
            Assert.Equal(8, opened.Format);
        }

        foreach (var (document, log, ids) in FormatSixLists)
        {
            Assert.False(File.Exists(Data(document)), $"{document} is still there");
            Assert.Equal(Lines(ids), File.ReadAllText(Data(log)));
        }

        Assert.False(File.Exists(Data(FormatSixLists[2].Log + ".idx")), "an index the upgrade did not write is left beside the log");
    }

    [Fact]
    public void Open_OnAFormatSixTreeWithABrokenRunList_IsAnIntegrityErrorNamingTheFile_AndLeavesTheTreeAtSix()
    {
        WriteFormatSixTree();
        Write($"panel_sessions/{Panel}/runs.json", """{"run_ids": "not a list"}""");

        var error = Assert.Throws<IntegrityError>(() => FlatfileDataDirectory.Open(StorageOptions.At(_directory.Path)));

        Assert.Contains(Data($"panel_sessions/{Panel}/runs.json"), error.Message, StringComparison.Ordinal);
        Assert.Contains("rule: run-index-shape", error.Message, StringComparison.Ordinal);
        using var record = JsonDocument.Parse(File.ReadAllBytes(ConfigFile));
        Assert.Equal(6, record.RootElement.GetProperty("format_version").GetInt32());
        Assert.True(File.Exists(Data($"panel_sessions/{Panel}/runs.json")));
    }

    [Fact]
    public void Open_OnAFormatSevenTree_LeavesARunListDocumentAlone()
    {
        // Only the upgrade from 6 converts; a format-7 build never writes a document, so one found later is verify's to report.
        Write("system/config.json", """{"format_version": 7}""");
        Write($"panel_sessions/{Panel}/runs.json", """{"run_ids": []}""");

        using var opened = FlatfileDataDirectory.Open(StorageOptions.At(_directory.Path));

        // The upgrade from 7 to 8 records the version alone.
        Assert.Equal(8, opened.Format);
        Assert.True(File.Exists(Data($"panel_sessions/{Panel}/runs.json")));
        Assert.False(File.Exists(Data($"panel_sessions/{Panel}/runs.jsonl")));
    }

    [Fact]
    public void Open_OnARecordedFormatOne_RecordsTheCurrentFormat_AndKeepsTheOperatorsFields()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        File.WriteAllText(ConfigFile, """{"note": "kept by the operator", "format_version": 1}""");

        using (var opened = FlatfileDataDirectory.Open(StorageOptions.At(_directory.Path)))
        {
            Assert.Equal(DataFormat.Current, opened.Format);
        }

        using var record = JsonDocument.Parse(File.ReadAllBytes(ConfigFile));
        Assert.Equal("kept by the operator", record.RootElement.GetProperty("note").GetString());
        Assert.Equal(DataFormat.Current, record.RootElement.GetProperty("format_version").GetInt32());
        var written = File.GetLastWriteTimeUtc(ConfigFile);
        using var reopened = FlatfileDataDirectory.Open(StorageOptions.At(_directory.Path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(ConfigFile));
    }

    [Fact]
    public void Open_OnANewerFormat_FailsNamingTheVersionAndReleasesTheLock()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        File.WriteAllText(ConfigFile, $$"""{"format_version": {{DataFormat.Current + 1}}, "written_by": "a later build"}""");
        var options = StorageOptions.At(_directory.Path);

        var error = Assert.Throws<ConfigurationError>(() => FlatfileDataDirectory.Open(options));

        Assert.Contains($"format_version {DataFormat.Current + 1}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"reads format {DataFormat.Current} and older", error.Message, StringComparison.Ordinal);
        File.WriteAllText(ConfigFile, $$"""{"format_version": {{DataFormat.Current}}}""");
        using var reopened = FlatfileDataDirectory.Open(options);
        Assert.Equal(DataFormat.Current, reopened.Format);
    }

    [Theory]
    [InlineData("{\"format_version\": ")]
    [InlineData("[1]")]
    [InlineData("{\"format_version\": \"1\"}")]
    [InlineData("{\"format_version\": 0}")]
    [InlineData("{\"format_version\": 1.5}")]
    public void Open_WithAConfigThatDoesNotHoldAVersion_IsAnIntegrityErrorNamingTheFile(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        File.WriteAllText(ConfigFile, content);

        var error = Assert.Throws<IntegrityError>(() => FlatfileDataDirectory.Open(StorageOptions.At(_directory.Path)));

        Assert.Contains(ConfigFile, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WithAConfigWithoutAVersion_IsFormatOne_AndIsUpgraded()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        File.WriteAllText(ConfigFile, "{\"note\": \"kept by the operator\"}");

        using var opened = FlatfileDataDirectory.Open(StorageOptions.At(_directory.Path));

        Assert.Equal(1, DataFormat.Unrecorded);
        Assert.Equal(DataFormat.Current, opened.Format);
        using var record = JsonDocument.Parse(File.ReadAllBytes(ConfigFile));
        Assert.Equal([("note", "\"kept by the operator\""), ("format_version", "8")], record.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())));
    }
}

using System.Text.Json;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Tests.Support;

namespace ChatDb.Storage.Flatfile.Tests;

/// <summary>The data directory's <c>format_version</c> in <c>system/config.json</c>.</summary>
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

        Assert.Equal(6, DataFormat.Current);
        Assert.Equal(DataFormat.Current, opened.Format);
        using var record = JsonDocument.Parse(File.ReadAllBytes(ConfigFile));
        Assert.Equal([("format_version", "6")], record.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())));
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
        Assert.Equal([("format_version", "6")], record.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())));
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

        using (var opened = FlatfileDataDirectory.Open(StorageOptions.At(_directory.Path)))
        {
            Assert.Equal(DataFormat.Current, opened.Format);
        }

        using var record = JsonDocument.Parse(File.ReadAllBytes(ConfigFile));
        Assert.Equal([("format_version", "6")], record.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())));
        Assert.Equal("""{"id": "run_0123456789abcdef0123456789abcdef", "status": "succeeded"}""", File.ReadAllText(run));
        Assert.Equal("{\"seq\":1,\"op\":\"add\"}\n", File.ReadAllText(changes));
    }

    [Fact]
    public void Open_OnAFormatFiveTree_UpgradesToSix_ByRecordingTheVersionAlone_AndLeavesTheSessionsAsTheyWere()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        File.WriteAllText(ConfigFile, """{"format_version": 5}""");
        var session = Path.Join(_directory.Path, "users", "alice", "chat_session_20250102_030405_123456", "session.json");
        Directory.CreateDirectory(Path.GetDirectoryName(session)!);
        File.WriteAllText(session, """{"id": "chat_session_20250102_030405_123456", "user_id": "alice"}""");

        using (var opened = FlatfileDataDirectory.Open(StorageOptions.At(_directory.Path)))
        {
            Assert.Equal(6, opened.Format);
        }

        using var record = JsonDocument.Parse(File.ReadAllBytes(ConfigFile));
        Assert.Equal(6, record.RootElement.GetProperty("format_version").GetInt32());
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
        Assert.Equal([("format_version", "6")], record.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())));
        Assert.Equal("{\"position\":0,\"heading\":null,\"text\":\"x\",\"page\":null}\n", File.ReadAllText(chunks));
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
        Assert.Equal([("note", "\"kept by the operator\""), ("format_version", "6")], record.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())));
    }
}

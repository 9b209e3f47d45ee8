using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Tests.Support;

namespace ChatDb.Storage.Flatfile.Tests.Layout;

/// <summary>
/// Freezes the documented tree (docs/STORAGE.md). A failure here means the on-disk layout changed:
/// existing data directories would no longer be found. Change it only deliberately, with a migration.
/// </summary>
public sealed class LayoutGoldenTests : IDisposable
{
    private const string User = "alice";
    private const string Session = "chat_session_20250102_030405_123456";
    private const string Panel = "panel_20250102_030405_123456";
    private const string Persona = "sage";
    private const string Context = "context_20250102_030405_654321";
    private const string Insight = "insight_20250102_030405_000001";
    private const string Agent = "planner";
    private const string Run = "run_0123456789abcdef0123456789abcdef";

    private static readonly DateTimeOffset DeletedAt = new DateTimeOffset(2025, 1, 10, 12, 0, 0, TimeSpan.Zero).AddTicks(420);

    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Layout_WithDefaultOptions_ProducesTheDocumentedTree()
    {
        var layout = new FlatfileLayout(StorageOptions.At(_root.Combine("data")));

        var actual = new Dictionary<string, string>
        {
            ["users"] = layout.UsersDirectory,
            ["user"] = layout.UserDirectory(User),
            ["profile"] = layout.UserProfileFile(User),
            ["user personas"] = layout.UserPersonasDirectory(User),
            ["user persona"] = layout.UserPersonaFile(User, Persona),
            ["user persona versions"] = layout.UserPersonaVersionsDirectory(User, Persona),
            ["user persona v3"] = layout.UserPersonaVersionFile(User, Persona, 3),
            ["session"] = layout.SessionDirectory(User, Session),
            ["session metadata"] = layout.SessionMetadataFile(User, Session),
            ["session messages"] = layout.SessionMessagesFile(User, Session),
            ["session edits"] = layout.SessionEditsFile(User, Session),
            ["session events"] = layout.SessionEventsFile(User, Session),
            ["situational context"] = layout.SituationalContextFile(User, Session),
            ["context history"] = layout.ContextHistoryDirectory(User, Session),
            ["context snapshot"] = layout.ContextSnapshotFile(User, Session, Context),
            ["documents"] = layout.DocumentsDirectory(User, Session),
            ["document metadata"] = layout.DocumentMetadataFile(User, Session),
            ["document analysis"] = layout.DocumentAnalysisDirectory(User, Session),
            ["document"] = layout.DocumentFile(User, Session, "notes.md"),
            ["panels"] = layout.PanelsDirectory,
            ["panel"] = layout.PanelDirectory(Panel),
            ["panel metadata"] = layout.PanelMetadataFile(Panel),
            ["panel messages"] = layout.PanelMessagesFile(Panel),
            ["panel events"] = layout.PanelEventsFile(Panel),
            ["panel run list"] = layout.PanelRunListFile(Panel),
            ["panel personas"] = layout.PanelPersonasDirectory(Panel),
            ["panel persona"] = layout.PanelPersonaFile(Panel, Persona),
            ["panel insights"] = layout.PanelInsightsDirectory(Panel),
            ["panel insight"] = layout.PanelInsightFile(Panel, Insight),
            ["global personas"] = layout.GlobalPersonasDirectory,
            ["global persona"] = layout.GlobalPersonaFile(Persona),
            ["global persona versions"] = layout.GlobalPersonaVersionsDirectory(Persona),
            ["global persona v1"] = layout.GlobalPersonaVersionFile(Persona, 1),
            ["user agents"] = layout.AgentsDirectory(User),
            ["user agent catalog"] = layout.AgentCatalogFile(User),
            ["user agent"] = layout.AgentFile(User, Agent),
            ["user agent versions"] = layout.AgentVersionsDirectory(User, Agent),
            ["user agent run list"] = layout.AgentRunListFile(User, Agent),
            ["user agent runs"] = layout.AgentRunsDirectory(User, Agent),
            ["agent run"] = layout.AgentRunFile(User, Agent, Run),
            ["agent trace"] = layout.AgentTraceFile(User, Agent, Run),
            ["global agent run list"] = layout.GlobalAgentRunListFile(User, Agent),
            ["global agent runs"] = layout.AgentRunsDirectory(User, Agent, globalAgent: true),
            ["global agent run"] = layout.AgentRunFile(User, Agent, Run, globalAgent: true),
            ["global agent trace"] = layout.AgentTraceFile(User, Agent, Run, globalAgent: true),
            ["global agents"] = layout.AgentsDirectory(null),
            ["global agent catalog"] = layout.AgentCatalogFile(null),
            ["global agent"] = layout.AgentFile(null, Agent),
            ["global agent versions"] = layout.AgentVersionsDirectory(null, Agent),
            ["system"] = layout.SystemDirectory,
            ["system config"] = layout.SystemConfigFile,
            ["module"] = layout.ModuleDirectory("memory"),
            ["lock"] = layout.LockFile,
            ["trash"] = layout.TrashDirectory,
            ["user trash"] = layout.UserTrashDirectory(User),
            ["session trash"] = layout.SessionTrashDirectory(User),
            ["trashed session"] = layout.SessionTrashEntry(User, TrashNames.Entry(Session, DeletedAt)),
            ["trashed user"] = layout.UserTrashEntry(User, TrashNames.Entry(TrashNames.UserEntryId, DeletedAt)),
            ["panel trash"] = layout.PanelTrashDirectory,
            ["trashed panel"] = layout.PanelTrashEntry(TrashNames.Entry(Panel, DeletedAt)),
        }.ToDictionary(pair => pair.Key, pair => Relative(layout, pair.Value));

        var expected = new Dictionary<string, string>
        {
            ["users"] = "users",
            ["user"] = "users/alice",
            ["profile"] = "users/alice/profile.json",
            ["user personas"] = "users/alice/personas",
            ["user persona"] = "users/alice/personas/sage.json",
            ["user persona versions"] = "users/alice/personas/versions/sage",
            ["user persona v3"] = "users/alice/personas/versions/sage/v3.json",
            ["session"] = "users/alice/chat_session_20250102_030405_123456",
            ["session metadata"] = "users/alice/chat_session_20250102_030405_123456/session.json",
            ["session messages"] = "users/alice/chat_session_20250102_030405_123456/messages.jsonl",
            ["session edits"] = "users/alice/chat_session_20250102_030405_123456/edits.jsonl",
            ["session events"] = "users/alice/chat_session_20250102_030405_123456/events.jsonl",
            ["situational context"] = "users/alice/chat_session_20250102_030405_123456/situational_context.json",
            ["context history"] = "users/alice/chat_session_20250102_030405_123456/context_history",
            ["context snapshot"] = "users/alice/chat_session_20250102_030405_123456/context_history/context_20250102_030405_654321.json",
            ["documents"] = "users/alice/chat_session_20250102_030405_123456/documents",
            ["document metadata"] = "users/alice/chat_session_20250102_030405_123456/documents/metadata.json",
            ["document analysis"] = "users/alice/chat_session_20250102_030405_123456/documents/analysis",
            ["document"] = "users/alice/chat_session_20250102_030405_123456/documents/notes.md",
            ["panels"] = "panel_sessions",
            ["panel"] = "panel_sessions/panel_20250102_030405_123456",
            ["panel metadata"] = "panel_sessions/panel_20250102_030405_123456/panel.json",
            ["panel messages"] = "panel_sessions/panel_20250102_030405_123456/messages.jsonl",
            ["panel events"] = "panel_sessions/panel_20250102_030405_123456/events.jsonl",
            ["panel run list"] = "panel_sessions/panel_20250102_030405_123456/runs.jsonl",
            ["panel personas"] = "panel_sessions/panel_20250102_030405_123456/personas",
            ["panel persona"] = "panel_sessions/panel_20250102_030405_123456/personas/sage.json",
            ["panel insights"] = "panel_sessions/panel_20250102_030405_123456/insights",
            ["panel insight"] = "panel_sessions/panel_20250102_030405_123456/insights/insight_20250102_030405_000001.json",
            ["global personas"] = "personas_global",
            ["global persona"] = "personas_global/sage.json",
            ["global persona versions"] = "personas_global/versions/sage",
            ["global persona v1"] = "personas_global/versions/sage/v1.json",
            ["user agents"] = "users/alice/agents",
            ["user agent catalog"] = "users/alice/agents/catalog/agents.json",
            ["user agent"] = "users/alice/agents/planner.json",
            ["user agent versions"] = "users/alice/agents/versions/planner",
            ["user agent run list"] = "users/alice/agents/runs/planner.jsonl",
            ["user agent runs"] = "users/alice/agents/runs/planner",
            ["agent run"] = "users/alice/agents/runs/planner/run_0123456789abcdef0123456789abcdef.json",
            ["agent trace"] = "users/alice/agents/runs/planner/run_0123456789abcdef0123456789abcdef.trace.jsonl",
            ["global agent run list"] = "users/alice/agents/global_runs/planner.jsonl",
            ["global agent runs"] = "users/alice/agents/global_runs/planner",
            ["global agent run"] = "users/alice/agents/global_runs/planner/run_0123456789abcdef0123456789abcdef.json",
            ["global agent trace"] = "users/alice/agents/global_runs/planner/run_0123456789abcdef0123456789abcdef.trace.jsonl",
            ["global agents"] = "agents_global",
            ["global agent catalog"] = "agents_global/catalog/agents.json",
            ["global agent"] = "agents_global/planner.json",
            ["global agent versions"] = "agents_global/versions/planner",
            ["system"] = "system",
            ["system config"] = "system/config.json",
            ["module"] = "memory",
            ["lock"] = ".lock",
            ["trash"] = "trash",
            ["user trash"] = "trash/users/alice",
            ["session trash"] = "trash/users/alice/sessions",
            ["trashed session"] = "trash/users/alice/sessions/chat_session_20250102_030405_123456.deleted_20250110_120000_000042",
            ["trashed user"] = "trash/users/alice/user.deleted_20250110_120000_000042",
            ["panel trash"] = "trash/panels",
            ["trashed panel"] = "trash/panels/panel_20250102_030405_123456.deleted_20250110_120000_000042",
        };
        Assert.Equal(expected, actual);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root.Path));
    }

    [Fact]
    public void Layout_TakesEveryNameFromTheOptions()
    {
        var options = StorageOptions.At(_root.Combine("data"));
        options.UserDataDirectoryName = "people";
        options.UserProfileFilename = "me.json";
        options.SessionIdPrefix = "talk";
        options.MessagesFilename = "lines.jsonl";
        options.PanelSessionsDirectoryName = "panels";
        options.PanelInsightsDirectoryName = "findings";
        options.DocumentStorageSubdirectoryName = "files";
        var layout = new FlatfileLayout(options);
        const string session = "talk_20250102_030405_123456";

        Assert.Equal("people/alice/me.json", Relative(layout, layout.UserProfileFile(User)));
        Assert.Equal($"people/alice/{session}/lines.jsonl", Relative(layout, layout.SessionMessagesFile(User, session)));
        Assert.Equal($"people/alice/{session}/files/a.pdf", Relative(layout, layout.DocumentFile(User, session, "a.pdf")));
        Assert.Equal($"panels/{Panel}/findings/{Insight}.json", Relative(layout, layout.PanelInsightFile(Panel, Insight)));
    }

    [Fact]
    public void TrashNames_ParseBackWhatTheyFormat_AndRefuseOtherNames()
    {
        var name = TrashNames.Entry(Session, DeletedAt);

        Assert.True(TrashNames.TryParse(name, out var id, out var at));
        Assert.Equal((Session, DeletedAt), (id, at));
        Assert.False(TrashNames.TryParse(Session, out _, out _));
        Assert.False(TrashNames.TryParse(Session + ".deleted_20251301_000000_000000", out _, out _));
        Assert.False(TrashNames.TryParse(".deleted_20250110_120000_000042", out _, out _));
        Assert.False(TrashNames.TryParse(name + "x", out _, out _));
        Assert.Throws<ValidationError>(() => new FlatfileLayout(StorageOptions.At(_root.Combine("data"))).ModuleDirectory("trash"));
    }

    [Fact]
    public void BaseDirectory_IsAbsoluteEvenWhenConfiguredRelative()
    {
        var layout = new FlatfileLayout(StorageOptions.At("./data"));

        Assert.True(Path.IsPathFullyQualified(layout.BaseDirectory));
        Assert.Equal(Path.GetFullPath("data"), layout.BaseDirectory);
    }

    private static string Relative(FlatfileLayout layout, string path) =>
        Path.GetRelativePath(layout.BaseDirectory, path).Replace(Path.DirectorySeparatorChar, '/');
}

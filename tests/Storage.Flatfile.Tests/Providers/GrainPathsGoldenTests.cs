using Orleans.Runtime;
using ChatDb.Storage.Flatfile.Providers;

namespace ChatDb.Storage.Flatfile.Tests.Providers;

/// <summary>
/// Freezes the agreed mapping of grains to the layout (GRAIN-LAYOUT table): one row per line of the
/// table. A failure means grains would read and write other files than the documented ones.
/// </summary>
public sealed class GrainPathsGoldenTests : IDisposable
{
    private const string User = "alice";
    private const string Session = "chat_session_20250102_030405_123456";
    private const string Panel = "panel_20250102_030405_123456";
    private const string Context = "context_20250102_030405_654321";
    private const string Insight = "insight_20250102_030405_000001";
    private const string Run = "run_0123456789abcdef0123456789abcdef";

    private readonly FlatfileTestDirectory _data = new();

    public void Dispose() => _data.Dispose();

    public static TheoryData<string, string, string, string, string?, string> Rows => new()
    {
        // grain type, key, facet, name, file name (files only), expected path relative to the data directory
        { "user", User, "state", "profile", null, "users/alice/profile.json" },
        { "user", User, "state", "sessions", null, "users/alice/.index/sessions.json" },
        { "user", User, "deleteall", "", null, "users/alice/" },
        { "session", $"{User}/{Session}", "state", "session", null, $"users/alice/{Session}/session.json" },
        { "session", $"{User}/{Session}", "state", "context", null, $"users/alice/{Session}/situational_context.json" },
        { "session", $"{User}/{Session}", "state", "documents", null, $"users/alice/{Session}/documents/metadata.json" },
        { "session", $"{User}/{Session}", "log", "messages", null, $"users/alice/{Session}/messages.jsonl" },
        { "session", $"{User}/{Session}", "log", "edits", null, $"users/alice/{Session}/edits.jsonl" },
        { "session", $"{User}/{Session}", "log", "events", null, $"users/alice/{Session}/events.jsonl" },
        { "session", $"{User}/{Session}", "files", "documents", "report.pdf", $"users/alice/{Session}/documents/report.pdf" },
        { "session", $"{User}/{Session}", "files", "context_history", $"{Context}.json", $"users/alice/{Session}/context_history/{Context}.json" },
        { "session", $"{User}/{Session}", "deleteall", "", null, $"users/alice/{Session}/" },
        { "panel", Panel, "state", "panel", null, $"panel_sessions/{Panel}/panel.json" },
        { "panel", Panel, "log", "messages", null, $"panel_sessions/{Panel}/messages.jsonl" },
        { "panel", Panel, "log", "events", null, $"panel_sessions/{Panel}/events.jsonl" },
        { "panel", Panel, "log", "runs", null, $"panel_sessions/{Panel}/runs.jsonl" },
        { "panel", Panel, "files", "insights", $"{Insight}.json", $"panel_sessions/{Panel}/insights/{Insight}.json" },
        { "panel", Panel, "files", "personas", "sage.json", $"panel_sessions/{Panel}/personas/sage.json" },
        { "panel", Panel, "deleteall", "", null, $"panel_sessions/{Panel}/" },
        { "persona", "sage", "state", "persona", null, "personas_global/sage.json" },
        { "persona", "sage", "files", "versions", "v3.json", "personas_global/versions/sage/v3.json" },
        { "persona", "sage", "deleteall", "", null, "personas_global/versions/sage/ + personas_global/sage.json" },
        { "persona", $"{User}/sage", "state", "persona", null, "users/alice/personas/sage.json" },
        { "persona", $"{User}/sage", "files", "versions", "v1.json", "users/alice/personas/versions/sage/v1.json" },
        { "persona", $"{User}/sage", "deleteall", "", null, "users/alice/personas/versions/sage/ + users/alice/personas/sage.json" },
        { "personacatalog", "global", "files", "personas", "sage.json", "personas_global/sage.json" },
        { "personacatalog", User, "files", "personas", "sage.json", "users/alice/personas/sage.json" },
        { "personacatalog", "global", "state", "index", null, "personas_global/.index/personas.json" },
        { "personacatalog", User, "state", "index", null, "users/alice/.index/personas.json" },
        { "personacatalog", "global", "deleteall", "", null, "" },
        { "search", User, "files", "index", "fulltext.seg", "users/alice/.index/search/fulltext.seg" },
        { "search", User, "deleteall", "", null, "users/alice/.index/search/" },
        { "agent", $"{User}/planner", "state", "agent", null, "users/alice/agents/planner.json" },
        { "agent", $"{User}/planner", "log", "runs", null, "users/alice/agents/runs/planner.jsonl" },
        { "agent", $"{User}/planner", "files", "versions", "v2.json", "users/alice/agents/versions/planner/v2.json" },
        { "agent", $"{User}/planner", "deleteall", "", null, "users/alice/agents/versions/planner/ + users/alice/agents/runs/planner/ + users/alice/agents/planner.json + users/alice/agents/runs/planner.jsonl.idx + users/alice/agents/runs/planner.jsonl.corrupt + users/alice/agents/runs/planner.jsonl" },
        { "agent", "helper", "state", "agent", null, "agents_global/helper.json" },
        { "agent", "helper", "log", "runs", null, "agents_global/runs/helper.jsonl" },
        { "agent", "helper", "files", "versions", "v1.json", "agents_global/versions/helper/v1.json" },
        { "agent", "helper", "deleteall", "", null, "agents_global/versions/helper/ + agents_global/helper.json + agents_global/runs/helper.jsonl.idx + agents_global/runs/helper.jsonl.corrupt + agents_global/runs/helper.jsonl" },
        { "agentcatalog", User, "state", "index", null, "users/alice/agents/catalog/agents.json" },
        { "agentcatalog", "global", "state", "index", null, "agents_global/catalog/agents.json" },
        { "agentcatalog", User, "deleteall", "", null, "users/alice/agents/catalog/agents.json" },
        { "agentrun", $"{User}/planner/{Run}", "state", "run", null, $"users/alice/agents/runs/planner/{Run}.json" },
        { "agentrun", $"{User}/planner/{Run}", "log", "trace", null, $"users/alice/agents/runs/planner/{Run}.trace.jsonl" },
        { "agentrun", $"{User}/planner/{Run}", "deleteall", "", null, $"users/alice/agents/runs/planner/{Run}.json + users/alice/agents/runs/planner/{Run}.trace.jsonl" },
        { "agentrun", $"{User}/global/planner/{Run}", "state", "run", null, $"users/alice/agents/global_runs/planner/{Run}.json" },
        { "agentrun", $"{User}/global/planner/{Run}", "log", "trace", null, $"users/alice/agents/global_runs/planner/{Run}.trace.jsonl" },
        { "agentrun", $"{User}/global/planner/{Run}", "deleteall", "", null, $"users/alice/agents/global_runs/planner/{Run}.json + users/alice/agents/global_runs/planner/{Run}.trace.jsonl" },
        { "globalagentruns", $"{User}/planner", "log", "runs", null, "users/alice/agents/global_runs/planner.jsonl" },
        { "globalagentruns", $"{User}/planner", "deleteall", "", null, "users/alice/agents/global_runs/planner/ + users/alice/agents/global_runs/planner.jsonl.idx + users/alice/agents/global_runs/planner.jsonl.corrupt + users/alice/agents/global_runs/planner.jsonl" },
        { "memory", User, "state", "memories", null, "users/alice/memory/memories.json" },
        { "memory", User, "log", "changes", null, "users/alice/memory/changes.jsonl" },
        { "memory", User, "deleteall", "", null, "users/alice/memory/" },
        { "notebook", "team/7", "state", "summary", null, "grains/notebook/team/7/summary.json" },
        { "notebook", "team/7", "log", "events", null, "grains/notebook/team/7/events.jsonl" },
        { "notebook", "team/7", "files", "blobs", "a.bin", "grains/notebook/team/7/blobs/a.bin" },
        { "notebook", "team/7", "deleteall", "", null, "grains/notebook/team/7/" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Mapping_FollowsTheAgreedLayout(string type, string key, string facet, string name, string? fileName, string expected)
    {
        var paths = _data.Paths;
        var grain = GrainId.Create(type, key);

        var actual = facet switch
        {
            "state" => Relative(paths.StateFile(grain, name)),
            "log" => Relative(paths.LogFile(grain, name)),
            "files" => Relative(paths.Files(grain, name).PathOf(fileName!)),
            _ => Describe(paths.Footprint(grain)),
        };

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void CatalogCollections_AreTheDirectoriesThePersonaGrainsWrite()
    {
        var paths = _data.Paths;

        Assert.Equal("personas_global", Relative(paths.Files(GrainId.Create("personacatalog", "global"), "personas").Directory));
        Assert.Equal("users/alice/personas", Relative(paths.Files(GrainId.Create("personacatalog", User), "personas").Directory));
        Assert.True(paths.Files(GrainId.Create("personacatalog", "global"), "personas").IsReadOnly);
    }

    private string Describe(GrainFootprint footprint) => string.Join(" + ",
        footprint.Directories.Select(d => Relative(d) + "/").Concat(footprint.Files.Select(Relative)));

    private string Relative(string path) => Path.GetRelativePath(_data.BasePath, path).Replace(Path.DirectorySeparatorChar, '/');
}

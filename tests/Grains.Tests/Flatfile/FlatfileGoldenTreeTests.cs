using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Grains.Users;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests.Flatfile;

/// <summary>
/// Freezes what the chat grains leave on disk with the flatfile providers: the file tree of a scripted
/// sequence (the layout of GRAIN-LAYOUT / docs/STORAGE.md; the fake clock makes every generated id
/// known) and the shape of the JSON inside. A failure here is a change of the on-disk format.
/// </summary>
public sealed partial class FlatfileGoldenTreeTests
{
    // The fake clock starts at 2026-03-04T05:06:07Z.
    private const string SessionId = "chat_session_20260304_050608_000000";
    private const string FirstSnapshot = "context_20260304_050608_000000";
    private const string SecondSnapshot = "context_20260304_050608_500000";
    private const string PanelId = "panel_20260304_050609_500000";
    private const string InsightId = "insight_20260304_050609_500000";
    private const string Session = "users/u1/" + SessionId;
    private const string PanelDir = "panel_sessions/" + PanelId;

    private static readonly string[] ExpectedTree =
    [
        "users/u1/profile.json",
        "users/u1/.index/sessions.json",
        "users/u1/.index/personas.json",
        $"{Session}/session.json",
        $"{Session}/messages.jsonl",
        $"{Session}/events.jsonl",
        $"{Session}/situational_context.json",
        $"{Session}/context_history/{FirstSnapshot}.json",
        $"{Session}/context_history/{SecondSnapshot}.json",
        $"{Session}/documents/metadata.json",
        $"{Session}/documents/report.pdf",
        "users/u1/personas/tutor.json",
        "users/u1/personas/versions/tutor/v1.json",
        "users/u1/personas/versions/tutor/v2.json",
        $"{PanelDir}/panel.json",
        $"{PanelDir}/messages.jsonl",
        $"{PanelDir}/events.jsonl",
        $"{PanelDir}/personas/analyst.json",
        $"{PanelDir}/insights/{InsightId}.json",
        "personas_global/analyst.json",
        "personas_global/.index/personas.json",
        "personas_global/versions/analyst/v1.json",
        "personas_global/versions/analyst/v2.json",
        "users/u1/memory/changes.jsonl",
        "system/config.json",
    ];

    /// <summary>The user's session journal holds the creates of an activation; the user grain removes it as it deactivates (docs/STORAGE.md §6).</summary>
    private static readonly string[] SessionJournalFiles = ["users/u1/sessions.jsonl"];

    /// <summary>The memory snapshot is written every <c>MemoryGrain.SnapshotEvery</c> changes and as the grain deactivates.</summary>
    private static readonly string[] MemorySnapshotFiles = ["users/u1/memory/memories.json"];

    private static readonly string[] SearchIndexFiles = ["users/u1/.index/search/fulltext.seg", "users/u1/.index/search/vectors.seg"];

    [Fact]
    public async Task ScriptedSequence_LeavesExactlyTheDocumentedFiles_BeforeAndAfterARestart()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var (session, panel) = await WriteScriptAsync(chat);
        Assert.Equal((SessionId, PanelId), (session.Id, panel.Id));

        Assert.Equal(ExpectedTree.Concat(SessionJournalFiles).Order(StringComparer.Ordinal), chat.ListFiles());
        await chat.RestartAsync();

        // The user's search index is written FlushDelay after a change or at deactivation (docs/SEARCH.md §7).
        Assert.Equal(ExpectedTree.Concat(SearchIndexFiles).Concat(MemorySnapshotFiles).Order(StringComparer.Ordinal), chat.ListFiles());
        Assert.All(chat.ListFiles().Where(f => !f.StartsWith("users/u1/.index/", StringComparison.Ordinal) && !f.StartsWith("personas_global/.index/", StringComparison.Ordinal)),
            file => Assert.Matches(GeneratedIdsAndNames(), file));
    }

    [Fact]
    public async Task MessagesJsonl_HoldsOneCompactSnakeCaseMessagePerLine_SeqFirst()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        await WriteScriptAsync(chat);

        var lines = ReadLines(chat.PathOf($"{Session}/messages.jsonl"));

        Assert.Equal(2, lines.Length);
        Assert.Equal(
            """{"seq":1,"id":"c-1","role":"user","content":"Hallo ✓ \"q\"\n2","timestamp":"2026-03-04T05:06:08.000000Z","attachments":["report.pdf"],"metadata":{"clientKey":"v","n":[1,2]},"tokens":10}""",
            lines[0]);
        for (var i = 0; i < lines.Length; i++)
        {
            Assert.StartsWith($"{{\"seq\":{i + 1},", lines[i], StringComparison.Ordinal);
            using var line = JsonDocument.Parse(lines[i]);
            Assert.Equal(["seq", "id", "role", "content", "timestamp", "attachments", "metadata", "tokens"], line.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Matches(MicrosecondUtc(), line.RootElement.GetProperty("timestamp").GetString());
        }

        Assert.Matches("^msg_[0-9a-f]{32}$", JsonDocument.Parse(lines[1]).RootElement.GetProperty("id").GetString());
        var panelLines = ReadLines(chat.PathOf($"{PanelDir}/messages.jsonl"));
        Assert.Equal(["analyst", "moderator"], panelLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("role").GetString()));
        Assert.All(panelLines, (l, i) => Assert.StartsWith($"{{\"seq\":{i + 1},", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task JsonDocuments_UseTheSeedsSnakeCaseFieldNames_AndKeepMapKeysAsGiven()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        await WriteScriptAsync(chat);

        AssertFields("users/u1/profile.json", "user_id", "display_name", "created_at", "updated_at", "preferences", "data");
        AssertFields("users/u1/.index/sessions.json", "last_issued_id", "sessions");
        AssertFields($"{Session}/session.json", "id", "user_id", "title", "created_at", "updated_at", "metadata");
        AssertFields($"{Session}/situational_context.json", "summary", "key_points", "entities", "timestamp", "confidence");
        AssertFields($"{Session}/context_history/{FirstSnapshot}.json", "summary", "key_points", "entities", "timestamp", "confidence");
        AssertFields($"{PanelDir}/panel.json", "id", "type", "personas", "created_at", "config");
        AssertFields($"{PanelDir}/insights/{InsightId}.json", "id", "panel_id", "created_at", "data");
        AssertFields($"{PanelDir}/personas/analyst.json", "id", "user_id", "version", "data", "updated_at");
        AssertFields("personas_global/analyst.json", "id", "user_id", "version", "data", "updated_at");
        AssertFields("personas_global/versions/analyst/v1.json", "id", "user_id", "version", "data", "updated_at");
        AssertFields("users/u1/personas/versions/tutor/v2.json", "id", "user_id", "version", "data", "updated_at");

        using var documents = Parse($"{Session}/documents/metadata.json");
        var report = documents.RootElement.GetProperty("report.pdf");
        Assert.Equal(["filename", "path", "mime_type", "size", "uploaded_at", "analysis"], report.EnumerateObject().Select(p => p.Name));
        Assert.Equal($"{Session}/documents/report.pdf", report.GetProperty("path").GetString());
        Assert.Equal(["pageCount", "Summary"], report.GetProperty("analysis").EnumerateObject().Select(p => p.Name));
        Assert.Equal(ReportBytes, File.ReadAllBytes(chat.PathOf($"{Session}/documents/report.pdf")));

        using var session = Parse($"{Session}/session.json");
        Assert.Equal(["camelKey", "snake_key"], session.RootElement.GetProperty("metadata").EnumerateObject().Select(p => p.Name));
        Assert.Matches(MicrosecondUtc(), session.RootElement.GetProperty("created_at").GetString());
        using var profile = Parse("users/u1/profile.json");
        Assert.Equal(JsonValueKind.Null, profile.RootElement.GetProperty("display_name").ValueKind);
        using var global = Parse("personas_global/analyst.json");
        Assert.Equal(JsonValueKind.Null, global.RootElement.GetProperty("user_id").ValueKind);
        Assert.Equal(2, global.RootElement.GetProperty("version").GetInt32());
        Assert.EndsWith("\n}", File.ReadAllText(chat.PathOf("personas_global/analyst.json")).TrimEnd('\n'), StringComparison.Ordinal);

        void AssertFields(string relative, params string[] expected)
        {
            using var document = Parse(relative);
            Assert.Equal(expected, document.RootElement.EnumerateObject().Select(p => p.Name));
        }

        JsonDocument Parse(string relative) => JsonDocument.Parse(File.ReadAllBytes(chat.PathOf(relative)));
    }

    private static readonly byte[] ReportBytes = [0x25, 0x50, 0x44, 0x46, 0x00, 0xFF, 0x0A, 0x0D];

    /// <summary>The scripted sequence; the clock moves only where the ids above say it does.</summary>
    private static async Task<(ChatSession Session, Panel Panel)> WriteScriptAsync(FlatfileChatCluster chat)
    {
        await chat.User("u1").PutProfileAsync(new UserProfileInput { Preferences = Json.Map("theme", "\"dark\"") });
        chat.Clock.Advance(TimeSpan.FromSeconds(1));
        var session = await chat.User("u1").CreateSessionAsync("Golden", Json.Map("camelKey", "1", "snake_key", "2"));
        var grain = chat.Session(session);
        await grain.AddMessageAsync(new NewMessage
        {
            Id = "c-1",
            Role = "user",
            Content = "Hallo ✓ \"q\"\n2",
            Attachments = ["report.pdf"],
            Metadata = Json.Map("clientKey", "\"v\"", "n", "[1,2]"),
        });
        await grain.AddMessageAsync(new NewMessage { Role = "assistant", Content = "ok" });
        await grain.SaveDocumentAsync("report.pdf", ReportBytes, null, Json.Map("pageCount", "1"));
        await grain.UpdateDocumentAnalysisAsync("report.pdf", Json.Map("Summary", "\"s\""));
        await grain.UpdateContextAsync(new SituationalContext("ctx", ["k"], new() { ["people"] = ["Ada"] }, default, 0.9));
        await grain.SaveContextSnapshotAsync(null);
        chat.Clock.Advance(TimeSpan.FromMilliseconds(500));
        await grain.SaveContextSnapshotAsync(null);
        await chat.UserPersona("u1", "tutor").SaveAsync(Json.Map("v", "1"));
        await chat.UserPersona("u1", "tutor").SaveAsync(Json.Map("v", "2"));
        await chat.GlobalPersona("analyst").SaveAsync(Json.Map("v", "1"));
        await chat.GlobalPersona("analyst").SaveAsync(Json.Map("v", "2"));
        chat.Clock.Advance(TimeSpan.FromSeconds(1));
        var panel = await chat.Panels.CreatePanelAsync("focus_group", ["analyst"], null);
        await chat.Panel(panel.Id).AddMessageAsync(new NewMessage { Role = "analyst", Content = "a" });
        await chat.Panel(panel.Id).AddMessageAsync(new NewMessage { Role = "moderator", Content = "b" });
        await chat.Panel(panel.Id).SaveInsightAsync(Json.Map("x", "1"));
        await chat.Client.GetGrain<IMemoryGrain>(ChatGrainKeys.Memory("u1")).AddAsync(new NewMemory { Text = "User prefers the dark theme", Importance = 0.7 });

        // The user's session index is derived from the session directories and written by its flush timer.
        chat.Clock.Advance(UserGrain.ActivityFlushDelay);
        await chat.User("u1").CountSessionsAsync();
        return (session, panel);
    }

    [Fact]
    public async Task MemoryChangesJsonl_HoldsOneSnakeCaseChangePerLine_SeqFirst_WithTheMemoryAndItsSource()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        await WriteScriptAsync(chat);

        var line = Assert.Single(ReadLines(chat.PathOf("users/u1/memory/changes.jsonl")));
        using var change = JsonDocument.Parse(line);

        Assert.Equal(["seq", "op", "memory", "source", "at"], change.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("add", change.RootElement.GetProperty("op").GetString());
        Assert.Equal(["id", "text", "source", "agent_id", "created_at", "updated_at", "expires_at", "importance"],
            change.RootElement.GetProperty("memory").EnumerateObject().Select(p => p.Name));
        Assert.Matches("^mem_[0-9a-f]{32}$", change.RootElement.GetProperty("memory").GetProperty("id").GetString());
    }

    private static string[] ReadLines(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return text[..^1].Split('\n');
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")]
    private static partial Regex MicrosecondUtc();

    /// <summary>Every path segment is a valid id or a generated id of its kind where the layout puts one.</summary>
    [GeneratedRegex(
        @"^(users/u1/(profile\.json|sessions\.jsonl|memory/(changes\.jsonl|memories\.json)|personas/(tutor\.json|versions/tutor/v[1-9]\d*\.json)|chat_session_\d{8}_\d{6}_\d{6}/(session\.json|messages\.jsonl|events\.jsonl|situational_context\.json|context_history/context_\d{8}_\d{6}_\d{6}\.json|documents/(metadata\.json|report\.pdf)))"
        + @"|panel_sessions/panel_\d{8}_\d{6}_\d{6}/(panel\.json|messages\.jsonl|events\.jsonl|personas/analyst\.json|insights/insight_\d{8}_\d{6}_\d{6}\.json)"
        + @"|personas_global/(analyst\.json|versions/analyst/v[1-9]\d*\.json)"
        + @"|system/config\.json)$")]
    private static partial Regex GeneratedIdsAndNames();
}

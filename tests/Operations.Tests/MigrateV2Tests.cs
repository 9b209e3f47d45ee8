using System.Text.Json;
using ChatDb.Operations.Tests.Support;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Operations.Tests;

public sealed class MigrateV2Tests : IDisposable
{
    private const string First = "chat_session_20240115_100000_123456";
    private const string WholeSeconds = "chat_session_20240116_090000";
    private const string PanelWholeSeconds = "panel_20240120_120000";
    private const string PanelWithMicros = "panel_20240121_080000_000001";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task MigrateV2_MapsFieldsLikeTheSeedTransformer_ValidatesCounts_AndLeavesTheOldTreeUntouched()
    {
        var old = BuildV2Tree();
        var before = Tree.Files(old);

        var result = await Engines.Migrate(_temp.Combine("new")).MigrateAsync(old);

        Assert.Equal(before, Tree.Files(old));
        Assert.True(result.Validation.IsValid);
        Assert.Equal(new MigrationCounts(1, 2, 3, 1), result.Validation.Old);
        Assert.Equal(result.Validation.Old, result.Validation.New);
        var user = _temp.Combine("new", "users", "alice");
        using var session = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Join(user, First, "session.json")));
        Assert.Equal("Test Chat", session.RootElement.GetProperty("title").GetString());
        Assert.Equal("2024-01-15T10:00:00.000000Z", session.RootElement.GetProperty("created_at").GetString());
        using var untitled = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Join(user, WholeSeconds + "_000000", "session.json")));
        Assert.Equal("Untitled", untitled.RootElement.GetProperty("title").GetString());
        Assert.Equal(WholeSeconds, untitled.RootElement.GetProperty("metadata").GetProperty("legacy_session_id").GetString());
        var messages = await File.ReadAllLinesAsync(Path.Join(user, First, "messages.jsonl"));
        Assert.Equal(
            "{\"seq\":1,\"id\":\"m-1\",\"role\":\"user\",\"content\":\"Hello\",\"timestamp\":\"2024-01-15T10:00:01.000000Z\",\"attachments\":[],\"metadata\":{\"legacy_id\":7,\"lang\":\"en\"}}",
            messages[0]);
        Assert.Contains("\"id\":\"msg_2\",\"role\":\"user\",\"content\":\"\"", messages[1], StringComparison.Ordinal);
        Assert.True((await Engines.Verify(_temp.Combine("new")).VerifyAsync()).IsClean);
    }

    [Fact]
    public async Task MigrateV2_WithAMessageThatIsNotJson_ReportsTheLine_AndMigratesTheRest()
    {
        var old = BuildV2Tree();
        var log = Path.Join(old, "users", "alice", First, "messages.jsonl");
        await File.AppendAllTextAsync(log, "not json\n");

        var result = await Engines.Migrate(_temp.Combine("new")).MigrateAsync(old);

        var skipped = Assert.Single(result.Skipped);
        Assert.StartsWith($"message log '{log}' line 4: not valid JSON", skipped, StringComparison.Ordinal);
        Assert.True(result.Validation.IsValid, string.Join("; ", result.Validation.Errors));
        Assert.Equal(new MigrationCounts(1, 2, 3, 1), result.Validation.New);
    }

    [Fact]
    public async Task MigrateV2_OfATreeWithPanelsAndPersonas_MapsThem_ValidatesTheirCounts_AndVerifiesClean()
    {
        var old = BuildV2Tree();
        AddPanelsAndPersonas(old);
        var before = Tree.Files(old);

        var result = await Engines.Migrate(_temp.Combine("new")).MigrateAsync(old);

        Assert.Equal(before, Tree.Files(old));
        Assert.True(result.Validation.IsValid, string.Join("; ", result.Validation.Errors));
        Assert.Equal(new MigrationCounts(1, 2, 3, 1) { Panels = 2, PanelMessages = 2, Insights = 1, PanelPersonas = 1, Personas = 2 }, result.Validation.Old);
        Assert.Equal(result.Validation.Old, result.Validation.New);
        Assert.Empty(result.Skipped);

        var layout = new FlatfileLayout(Engines.Options(_temp.Combine("new")));
        using var panel = JsonDocument.Parse(await File.ReadAllTextAsync(layout.PanelMetadataFile(PanelWholeSeconds + "_000000")));
        Assert.Equal(
            "{\"id\":\"panel_20240120_120000_000000\",\"type\":\"focus_group\",\"personas\":[\"sage\",\"coach\"],\"created_at\":\"2024-01-20T12:00:00.000000Z\"," +
            "\"config\":{\"rounds\":3,\"legacy_panel_id\":\"panel_20240120_120000\"}}",
            JsonSerializer.Serialize(panel.RootElement));
        var panelMessages = await File.ReadAllLinesAsync(layout.PanelMessagesFile(PanelWholeSeconds + "_000000"));
        Assert.Equal(
            "{\"seq\":1,\"id\":\"p-1\",\"role\":\"sage\",\"content\":\"Consider both sides\",\"timestamp\":\"2024-01-20T12:01:00.000000Z\",\"attachments\":[],\"metadata\":{\"legacy_id\":null}}",
            panelMessages[0]);
        Assert.Contains("\"seq\":2,\"id\":\"msg_2\",\"role\":\"user\"", panelMessages[1], StringComparison.Ordinal);
        using var insight = JsonDocument.Parse(await File.ReadAllTextAsync(layout.PanelInsightFile(PanelWholeSeconds + "_000000", "insight_20240120_121500_000000")));
        Assert.Equal("agree", insight.RootElement.GetProperty("data").GetProperty("summary").GetString());
        Assert.Equal("2024-01-20T12:15:00.000000Z", insight.RootElement.GetProperty("created_at").GetString());
        using var snapshot = JsonDocument.Parse(await File.ReadAllTextAsync(layout.PanelPersonaFile(PanelWholeSeconds + "_000000", "sage")));
        Assert.Equal("Sage", snapshot.RootElement.GetProperty("data").GetProperty("name").GetString());
        using var global = JsonDocument.Parse(await File.ReadAllTextAsync(layout.GlobalPersonaFile("sage")));
        Assert.Equal(
            "{\"id\":\"sage\",\"user_id\":null,\"version\":1,\"data\":{\"name\":\"Sage\",\"system_prompt\":\"Be wise\",\"created_at\":\"2024-01-01T00:00:00\"},\"updated_at\":\"2024-01-01T00:00:00.000000Z\"}",
            JsonSerializer.Serialize(global.RootElement));
        Assert.Equal(await File.ReadAllTextAsync(layout.GlobalPersonaFile("sage")), await File.ReadAllTextAsync(layout.GlobalPersonaVersionFile("sage", 1)));
        using var own = JsonDocument.Parse(await File.ReadAllTextAsync(layout.UserPersonaFile("alice", "coach")));
        Assert.Equal("alice", own.RootElement.GetProperty("user_id").GetString());
        Assert.True(File.Exists(layout.PanelMetadataFile(PanelWithMicros)));
        var verified = await Engines.Verify(_temp.Combine("new")).VerifyAsync();
        Assert.True(verified.IsClean, string.Join("\n", verified.Problems));
    }

    [Fact]
    public async Task MigrationValidator_ReportsAPanelOrPersonaMissingFromTheMigratedTree()
    {
        var old = BuildV2Tree();
        AddPanelsAndPersonas(old);
        await Engines.Migrate(_temp.Combine("new")).MigrateAsync(old);
        var options = Engines.Options(_temp.Combine("new"));
        var layout = new FlatfileLayout(options);
        Directory.Delete(layout.PanelDirectory(PanelWithMicros), recursive: true);
        File.Delete(layout.UserPersonaFile("alice", "coach"));
        File.Delete(layout.PanelInsightFile(PanelWholeSeconds + "_000000", "insight_20240120_121500_000000"));

        var validation = new MigrationValidator(new V2SchemaTransformer(layout.Ids)).Validate(old, options);

        Assert.False(validation.IsValid);
        Assert.Contains($"Missing panel: {PanelWithMicros}", validation.Errors);
        Assert.Contains("Missing persona: alice/coach", validation.Errors);
        Assert.Contains(validation.Errors, e => e.StartsWith($"Panel {PanelWholeSeconds}_000000: 2 messages, 1 insights", StringComparison.Ordinal));
    }

    private static void AddPanelsAndPersonas(string root)
    {
        Directory.CreateDirectory(Path.Join(root, "personas_global"));
        File.WriteAllText(Path.Join(root, "personas_global", "sage.json"), "{\"id\":\"sage\",\"name\":\"Sage\",\"system_prompt\":\"Be wise\",\"created_at\":\"2024-01-01T00:00:00\"}");
        Directory.CreateDirectory(Path.Join(root, "users", "alice", "personas"));
        File.WriteAllText(Path.Join(root, "users", "alice", "personas", "coach.json"), "{\"name\":\"Coach\"}");
        var panel = Path.Join(root, "panel_sessions", PanelWholeSeconds);
        Directory.CreateDirectory(Path.Join(panel, "personas"));
        Directory.CreateDirectory(Path.Join(panel, "insights"));
        File.WriteAllText(Path.Join(panel, "panel.json"),
            "{\"id\":\"" + PanelWholeSeconds + "\",\"type\":\"focus_group\",\"personas\":[\"sage\",\"coach\"],\"created_at\":\"2024-01-20T12:00:00\",\"config\":{\"rounds\":3}}");
        File.WriteAllText(Path.Join(panel, "messages.jsonl"),
            "{\"message_id\":\"p-1\",\"role\":\"sage\",\"content\":\"Consider both sides\",\"timestamp\":\"2024-01-20T12:01:00\"}\n\n{\"content\":\"Thanks\"}\n");
        File.WriteAllText(Path.Join(panel, "personas", "sage.json"), "{\"name\":\"Sage\"}");
        File.WriteAllText(Path.Join(panel, "insights", "insight_20240120_121500.json"), "{\"summary\":\"agree\",\"confidence\":0.8}");
        var second = Path.Join(root, "panel_sessions", PanelWithMicros);
        Directory.CreateDirectory(second);
        File.WriteAllText(Path.Join(second, "panel.json"), "{\"type\":\"multi_persona\"}");
    }

    private string BuildV2Tree()
    {
        var root = _temp.Combine("v2");
        var first = Path.Join(root, "users", "alice", First);
        Directory.CreateDirectory(Path.Join(first, "documents"));
        File.WriteAllText(Path.Join(root, "users", "alice", "profile.json"), "{\"user_id\":\"alice\",\"username\":\"Alice\",\"created_at\":\"2024-01-01T00:00:00\"}");
        File.WriteAllText(Path.Join(first, "session.json"), "{\"session_id\":\"" + First + "\",\"session_name\":\"Test Chat\",\"created_at\":\"2024-01-15T10:00:00Z\"}");
        File.WriteAllText(Path.Join(first, "messages.jsonl"),
            "{\"id\":7,\"message_id\":\"m-1\",\"role\":\"user\",\"content\":\"Hello\",\"timestamp\":\"2024-01-15T10:00:01\",\"metadata\":{\"lang\":\"en\"}}\n\n{\"role\":\"user\"}\n");
        File.WriteAllBytes(Path.Join(first, "documents", "report.pdf"), [1, 2, 3]);
        var second = Path.Join(root, "users", "alice", WholeSeconds);
        Directory.CreateDirectory(second);
        File.WriteAllText(Path.Join(second, "messages.jsonl"), "{\"message_id\":\"x\",\"role\":\"assistant\",\"content\":\"Hi\"}\n");
        return root;
    }
}

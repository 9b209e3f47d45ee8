using System.Text.Json;
using ChatDb.Grains.Models;

namespace ChatDb.Storage.Flatfile.Tests.Json;

/// <summary>One fixed sample of every persisted model, shared by the golden and the store tests.</summary>
public static class ModelSamples
{
    public static readonly DateTimeOffset Created = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1_234_560);
    public static readonly DateTimeOffset Updated = new(2025, 1, 2, 4, 0, 0, TimeSpan.Zero);

    public static ChatMessage Message => new(
        "msg_1", 1, "user", "Hello, ünïcode \"quoted\"\nsecond line", Created, ["notes.md"],
        new() { ["clientMessageId"] = Json("\"c-1\""), ["tokens"] = Json("12") });

    public static ChatSession Session => new(
        "chat_session_20250102_030405_123456", "alice", "First chat", Created, Updated,
        new() { ["model"] = Json("\"gpt\"") });

    public static Panel Panel => new(
        "panel_20250102_030405_123456", "multi_persona", ["sage", "critic"], Created,
        new() { ["rounds"] = Json("3") });

    public static SituationalContext Context => new(
        "Planning a trip", ["budget", "dates"], new() { ["places"] = ["Lisbon", "Porto"] }, Created, 0.85);

    public static DocumentInfo Document => new(
        "notes.md", "users/alice/chat_session_20250102_030405_123456/documents/notes.md", "text/markdown", 1234, Created,
        new() { ["summary"] = Json("\"short\"") });

    public static UserProfile Profile => new(
        "alice", "Alice", Created, Updated, new() { ["theme"] = Json("\"dark\"") }, []);

    public static Persona Persona => new(
        "sage", null, 2, new() { ["name"] = Json("\"Sage\""), ["traits"] = Json("[\"calm\"]") }, Updated);

    public static PanelInsight Insight => new(
        "insight_20250102_030405_123456", "panel_20250102_030405_123456", Created,
        new() { ["conclusion"] = Json("\"agree\"") });

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}

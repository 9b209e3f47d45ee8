using System.Text.Json;
using ChatDb.Grains.Models;
using ChatDb.Storage.Json;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Storage.Flatfile.Tests.Json;

/// <summary>
/// Freezes the JSON written to disk: field names, order, timestamp and enum spelling. A failure means
/// files written by an earlier build may no longer read. Change the expected text only deliberately.
/// </summary>
public sealed class ModelGoldenTests
{
    public static TheoryData<string> Models => new(Expected.Keys);

    private static readonly Dictionary<string, (object Sample, string Json)> Expected = new()
    {
        [nameof(ChatMessage)] = (ModelSamples.Message,
            """{"id":"msg_1","seq":1,"role":"user","content":"Hello, ünïcode \"quoted\"\nsecond line","timestamp":"2025-01-02T03:04:05.123456Z","attachments":["notes.md"],"metadata":{"clientMessageId":"c-1","tokens":12}}"""),
        [nameof(ChatSession)] = (ModelSamples.Session,
            """{"id":"chat_session_20250102_030405_123456","user_id":"alice","title":"First chat","created_at":"2025-01-02T03:04:05.123456Z","updated_at":"2025-01-02T04:00:00.000000Z","metadata":{"model":"gpt"}}"""),
        [nameof(Panel)] = (ModelSamples.Panel,
            """{"id":"panel_20250102_030405_123456","type":"multi_persona","personas":["sage","critic"],"created_at":"2025-01-02T03:04:05.123456Z","config":{"rounds":3}}"""),
        [nameof(SituationalContext)] = (ModelSamples.Context,
            """{"summary":"Planning a trip","key_points":["budget","dates"],"entities":{"places":["Lisbon","Porto"]},"timestamp":"2025-01-02T03:04:05.123456Z","confidence":0.85}"""),
        [nameof(DocumentInfo)] = (ModelSamples.Document,
            """{"filename":"notes.md","path":"users/alice/chat_session_20250102_030405_123456/documents/notes.md","mime_type":"text/markdown","size":1234,"uploaded_at":"2025-01-02T03:04:05.123456Z","analysis":{"summary":"short"}}"""),
        [nameof(UserProfile)] = (ModelSamples.Profile,
            """{"user_id":"alice","display_name":"Alice","created_at":"2025-01-02T03:04:05.123456Z","updated_at":"2025-01-02T04:00:00.000000Z","preferences":{"theme":"dark"},"data":{}}"""),
        [nameof(Persona)] = (ModelSamples.Persona,
            """{"id":"sage","user_id":null,"version":2,"data":{"name":"Sage","traits":["calm"]},"updated_at":"2025-01-02T04:00:00.000000Z"}"""),
        [nameof(PanelInsight)] = (ModelSamples.Insight,
            """{"id":"insight_20250102_030405_123456","panel_id":"panel_20250102_030405_123456","created_at":"2025-01-02T03:04:05.123456Z","data":{"conclusion":"agree"}}"""),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Serialize_Model_MatchesTheFrozenJson(string model)
    {
        var (sample, json) = Expected[model];

        Assert.Equal(json, JsonSerializer.Serialize(sample, sample.GetType(), StorageJson.Lines));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Deserialize_FrozenJson_WritesBackTheSameText(string model)
    {
        var (sample, json) = Expected[model];

        var read = JsonSerializer.Deserialize(json, sample.GetType(), StorageJson.Lines);

        Assert.Equal(json, JsonSerializer.Serialize(read, sample.GetType(), StorageJson.Lines));
    }

    [Fact]
    public void Documents_AreIndentedWithTwoSpacesAndNewlines()
    {
        var json = JsonSerializer.Serialize(ModelSamples.Panel, StorageJson.Documents);

        Assert.Equal(
            """
            {
              "id": "panel_20250102_030405_123456",
              "type": "multi_persona",
              "personas": [
                "sage",
                "critic"
              ],
              "created_at": "2025-01-02T03:04:05.123456Z",
              "config": {
                "rounds": 3
              }
            }
            """.ReplaceLineEndings("\n"),
            json);
    }

    [Fact]
    public void Enums_AreSnakeCaseStrings()
    {
        Assert.Equal("\"os_buffered\"", JsonSerializer.Serialize(Durability.OsBuffered, StorageJson.Lines));
        Assert.Equal(Durability.OsBuffered, JsonSerializer.Deserialize<Durability>("\"os_buffered\"", StorageJson.Lines));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Durability>("1", StorageJson.Lines));
    }

    [Fact]
    public void Timestamps_WithAnOffset_AreReadAsTheSameInstantInUtc()
    {
        var message = JsonSerializer.Deserialize<ChatMessage>(
            """{"id":"m","seq":1,"role":"user","content":"x","timestamp":"2025-01-02T05:04:05.5+02:00","attachments":[],"metadata":{}}""",
            StorageJson.Lines)!;

        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, 500, TimeSpan.Zero), message.Timestamp);
        Assert.Equal(TimeSpan.Zero, message.Timestamp.Offset);
    }

    [Theory]
    [InlineData("\"2025-01-02T03:04:05\"")]
    [InlineData("\"2025-01-02\"")]
    [InlineData("\"yesterday\"")]
    [InlineData("1735787045")]
    public void Timestamps_WithoutAnOffset_AreRefused(string timestamp)
    {
        var json = $$$"""{"id":"m","seq":1,"role":"user","content":"x","timestamp":{{{timestamp}}},"attachments":[],"metadata":{}}""";

        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<ChatMessage>(json, StorageJson.Lines));
    }

    [Fact]
    public void Reading_MissingRequiredField_Fails()
    {
        const string json = """{"id":"m","seq":1,"role":"user","timestamp":"2025-01-02T03:04:05Z","attachments":[],"metadata":{}}""";

        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ChatMessage>(json, StorageJson.Lines));

        Assert.Contains("content", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_NullForANonNullableField_Fails()
    {
        const string json = """{"id":"m","seq":1,"role":"user","content":null,"timestamp":"2025-01-02T03:04:05Z","attachments":[],"metadata":{}}""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ChatMessage>(json, StorageJson.Lines));
    }

    [Fact]
    public void Reading_UnknownField_IsIgnoredForForwardCompatibility()
    {
        const string json = """{"id":"m","seq":1,"role":"user","content":"x","timestamp":"2025-01-02T03:04:05Z","attachments":[],"metadata":{},"added_later":true}""";

        Assert.Equal("x", JsonSerializer.Deserialize<ChatMessage>(json, StorageJson.Lines)!.Content);
    }

    [Fact]
    public void MetadataKeys_AreKeptAsGiven()
    {
        var json = JsonSerializer.Serialize(ModelSamples.Message, StorageJson.Lines);

        Assert.Contains("\"clientMessageId\"", json, StringComparison.Ordinal);
    }
}

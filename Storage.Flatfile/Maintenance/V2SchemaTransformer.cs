using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Json;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Maps the v2 system's JSON to this layout's models, field by field as docs/OPERATIONS.md §6 lists
/// and <c>StorageMapper</c> do: messages take <c>message_id</c> as their id (else <c>msg_{seq}</c>), keep the
/// old <c>id</c> as <c>metadata.legacy_id</c>, default role "user" and content ""; sessions take
/// <c>session_name</c> as their title (else "Untitled"). Where v2 omits a timestamp the session's creation
/// time stands in (not "now", so a migration is repeatable); timestamps without an offset are taken as UTC.
/// Seed 001 maps only sessions and messages; panels, their messages, persona snapshots and insights, and global
/// and user personas follow the v2 layout (docs/OPERATIONS.md §6) with the same rules (panel messages are
/// messages; panel and insight ids with whole seconds gain <c>_000000</c>, the old id kept beside).
/// </summary>
public sealed class V2SchemaTransformer(EntityIdFormat ids)
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The new session id for a v2 directory name: the same name when valid, else the v2 form with whole
    /// seconds (<c>chat_session_YYYYMMDD_HHMMSS</c>) extended by <c>_000000</c>; null when neither.</summary>
    public string? MapSessionId(string v2Name) => MapId(GeneratedIdKind.Session, v2Name);

    /// <summary>The same mapping for panels (<c>panel_YYYYMMDD_HHMMSS</c>) and insights (<c>insight_YYYYMMDD_HHMMSS</c>).</summary>
    public string? MapId(GeneratedIdKind kind, string v2Name)
    {
        if (ids.IsValid(kind, v2Name))
        {
            return v2Name;
        }

        var extended = v2Name + "_000000";
        return ids.IsValid(kind, extended) ? extended : null;
    }

    /// <summary>
    /// A v2 persona (<c>personas_global/{id}.json</c>, <c>users/{u}/personas/{id}.json</c>, a panel's persona snapshot)
    /// as version 1 of a <c>Persona</c>: its id and owner from the path, every other v2 field kept in <c>data</c>.
    /// </summary>
    public static byte[] Persona(JsonElement? old, string personaId, string? userId, DateTimeOffset updatedFallback) =>
        Write(writer =>
        {
            writer.WriteString("id", personaId);
            if (userId is null)
            {
                writer.WriteNull("user_id");
            }
            else
            {
                writer.WriteString("user_id", userId);
            }

            writer.WriteNumber("version", 1);
            writer.WriteStartObject("data");
            CopyAllBut(writer, old, "id", "user_id", "version", "updated_at");
            writer.WriteEndObject();
            WriteTime(writer, "updated_at", Time(old, "updated_at") ?? Time(old, "created_at") ?? updatedFallback);
        });

    /// <summary>A v2 <c>panel.json</c> (id, type, personas, created_at, config) as a <c>Panel</c>.</summary>
    public static byte[] Panel(JsonElement? old, string panelId, string v2Name, DateTimeOffset createdFallback) =>
        Write(writer =>
        {
            writer.WriteString("id", panelId);
            writer.WriteString("type", Text(old, "type") ?? "multi_persona");
            writer.WriteStartArray("personas");
            if (old is { ValueKind: JsonValueKind.Object } panel && panel.TryGetProperty("personas", out var personas) && personas.ValueKind == JsonValueKind.Array)
            {
                foreach (var persona in personas.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String))
                {
                    writer.WriteStringValue(persona.GetString());
                }
            }

            writer.WriteEndArray();
            WriteTime(writer, "created_at", Time(old, "created_at") ?? createdFallback);
            writer.WriteStartObject("config");
            CopyObject(writer, old, "config");
            if (panelId != v2Name)
            {
                writer.WriteString("legacy_panel_id", v2Name);
            }

            writer.WriteEndObject();
        });

    /// <summary>A v2 insight (the dictionary <c>save_panel_insight</c> was given) as a <c>PanelInsight</c>: its fields in <c>data</c>.</summary>
    public static byte[] Insight(JsonElement? old, string insightId, string panelId, DateTimeOffset createdFallback) =>
        Write(writer =>
        {
            writer.WriteString("id", insightId);
            writer.WriteString("panel_id", panelId);
            WriteTime(writer, "created_at", Time(old, "created_at") ?? Time(old, "timestamp") ?? createdFallback);
            writer.WriteStartObject("data");
            CopyAllBut(writer, old, "id", "panel_id", "created_at");
            writer.WriteEndObject();
        });

    public byte[] Session(JsonElement? old, string sessionId, string v2Name, string userId, DateTimeOffset createdFallback) =>
        Write(writer =>
        {
            var created = Time(old, "created_at") ?? createdFallback;
            writer.WriteString("id", sessionId);
            writer.WriteString("user_id", userId);
            writer.WriteString("title", Text(old, "session_name") ?? Text(old, "title") ?? "Untitled");
            WriteTime(writer, "created_at", created);
            WriteTime(writer, "updated_at", Time(old, "updated_at") ?? created);
            writer.WriteStartObject("metadata");
            CopyObject(writer, old, "metadata");
            if (sessionId != v2Name)
            {
                writer.WriteString("legacy_session_id", v2Name);
            }

            writer.WriteEndObject();
        });

    /// <summary>One v2 message as a stored log line (<c>{"seq":N,...}</c>).</summary>
    public byte[] Message(JsonElement old, long seq, DateTimeOffset timestampFallback) =>
        Write(writer =>
        {
            writer.WriteNumber("seq", seq);
            writer.WriteString("id", Text(old, "message_id") ?? string.Create(CultureInfo.InvariantCulture, $"msg_{seq}"));
            writer.WriteString("role", Text(old, "role") ?? "user");
            writer.WriteString("content", Text(old, "content") ?? "");
            WriteTime(writer, "timestamp", Time(old, "timestamp") ?? timestampFallback);
            writer.WriteStartArray("attachments");
            if (old.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
            {
                foreach (var attachment in attachments.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String))
                {
                    writer.WriteStringValue(attachment.GetString());
                }
            }

            writer.WriteEndArray();
            writer.WriteStartObject("metadata");
            writer.WritePropertyName("legacy_id");
            if (old.TryGetProperty("id", out var legacy))
            {
                legacy.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }

            CopyObject(writer, old, "metadata", skip: "legacy_id");
            writer.WriteEndObject();
        });

    public byte[] Profile(JsonElement? old, string userId, DateTimeOffset createdFallback, DateTimeOffset updatedFallback) =>
        Write(writer =>
        {
            writer.WriteString("user_id", userId);
            var name = Text(old, "display_name") ?? Text(old, "username");
            if (name is null)
            {
                writer.WriteNull("display_name");
            }
            else
            {
                writer.WriteString("display_name", name);
            }

            WriteTime(writer, "created_at", Time(old, "created_at") ?? createdFallback);
            WriteTime(writer, "updated_at", Time(old, "updated_at") ?? updatedFallback);
            writer.WriteStartObject("preferences");
            CopyObject(writer, old, "preferences");
            writer.WriteEndObject();
            writer.WriteStartObject("data");
            if (old is { ValueKind: JsonValueKind.Object } profile)
            {
                foreach (var property in profile.EnumerateObject().Where(p => p.Name is not ("user_id" or "display_name" or "username" or "created_at" or "updated_at" or "preferences")))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteString("migrated_from", "v2");
            writer.WriteEndObject();
        });

    public byte[] Context(JsonElement old, DateTimeOffset timestampFallback) =>
        Write(writer =>
        {
            writer.WriteString("summary", Text(old, "summary") ?? "");
            writer.WritePropertyName("key_points");
            CopyOr(writer, old, "key_points", JsonValueKind.Array, "[]");
            writer.WritePropertyName("entities");
            CopyOr(writer, old, "entities", JsonValueKind.Object, "{}");
            WriteTime(writer, "timestamp", Time(old, "timestamp") ?? timestampFallback);
            writer.WriteNumber("confidence", old.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : 0);
        });

    /// <summary><c>documents/metadata.json</c> for the files migrated, taking v2's entries where it has them.</summary>
    public byte[] DocumentMetadata(JsonElement? old, IReadOnlyList<(string Name, long Size)> files, string pathPrefix, DateTimeOffset uploadedFallback) =>
        Write(writer =>
        {
            foreach (var (name, size) in files)
            {
                JsonElement? entry = old is { ValueKind: JsonValueKind.Object } map && map.TryGetProperty(name, out var e) ? e : null;
                writer.WriteStartObject(name);
                writer.WriteString("filename", name);
                writer.WriteString("path", pathPrefix + name);
                writer.WriteString("mime_type", Text(entry, "mime_type") ?? "application/octet-stream");
                writer.WriteNumber("size", size);
                WriteTime(writer, "uploaded_at", Time(entry, "uploaded_at") ?? uploadedFallback);
                writer.WriteStartObject("analysis");
                CopyObject(writer, entry, "analysis");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
        });

    /// <summary>A v2 timestamp as UTC; null when absent or unreadable.</summary>
    public static DateTimeOffset? Time(JsonElement? element, string name) =>
        Text(element, name) is { } text &&
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    private static string? Text(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static void CopyObject(Utf8JsonWriter writer, JsonElement? element, string name, string? skip = null)
    {
        if (element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject().Where(p => p.Name != skip))
            {
                property.WriteTo(writer);
            }
        }
    }

    private static void CopyAllBut(Utf8JsonWriter writer, JsonElement? element, params string[] skip)
    {
        if (element is { ValueKind: JsonValueKind.Object } e)
        {
            foreach (var property in e.EnumerateObject().Where(p => !skip.Contains(p.Name)))
            {
                property.WriteTo(writer);
            }
        }
    }

    private static void CopyOr(Utf8JsonWriter writer, JsonElement element, string name, JsonValueKind kind, string fallback)
    {
        if (element.TryGetProperty(name, out var value) && value.ValueKind == kind)
        {
            value.WriteTo(writer);
        }
        else
        {
            writer.WriteRawValue(fallback);
        }
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset time) =>
        writer.WriteString(name, time.UtcDateTime.ToString(UtcDateTimeOffsetConverter.Format, CultureInfo.InvariantCulture));

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

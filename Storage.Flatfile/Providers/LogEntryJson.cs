using System.Buffers;
using System.Text.Json;
using ChatDb.Runtime;
using ChatDb.Runtime.Storage;
using ChatDb.Storage.Flatfile.Json;
using ChatDb.Storage.Flatfile.Logs;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Log entries to and from JSONL records with <see cref="FlatfileJson.Lines"/>. The log assigns the
/// sequence number and writes it as the record's first property, <c>"seq"</c>; an entry type that has a
/// <c>Seq</c> property of its own (<c>ChatMessage</c>) therefore has it dropped on append and filled from
/// the stored line on read, so the number a reader sees is always the one the log assigned.
/// </summary>
internal static class LogEntryJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = FlatfileJson.Lines.Encoder,
        Indented = false,
    };

    public static byte[] Serialize<T>(T entry)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(entry, FlatfileJson.Lines);
        return HasTopLevelSeq(json) ? WithoutSeq(json) : json;
    }

    public static LogEntry<T> Deserialize<T>(LogRecord record, string logName, GrainId grainId, string path)
    {
        try
        {
            return new LogEntry<T>(record.Sequence, JsonSerializer.Deserialize<T>(record.Json.Span, FlatfileJson.Lines)!);
        }
        catch (JsonException e)
        {
            throw new IntegrityError(
                $"Log '{logName}' of grain {grainId}: record {record.Sequence} (line {record.Sequence}) of '{path}' is not a valid {typeof(T).Name}: "
                + $"at byte {e.BytePositionInLine ?? 0} of the line, JSON path '{e.Path ?? "$"}': {e.Message}",
                e);
        }
    }

    private static bool HasTopLevelSeq(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("seq"u8))
            {
                return true;
            }

            reader.Read();
            reader.Skip();
        }

        return false;
    }

    private static byte[] WithoutSeq(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>(json.Length);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!property.NameEquals("seq"u8))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

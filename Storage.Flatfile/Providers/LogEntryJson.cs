using System.Text.Json;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Json;
using ChatDb.Storage.Logs;
using Orleans.Runtime;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Log entries to and from JSONL records with <see cref="StorageJson.Lines"/>. The log assigns the
/// sequence number and writes it as the record's first property, <c>"seq"</c>; an entry type that has a
/// <c>Seq</c> property of its own (<c>ChatMessage</c>) therefore has it dropped on append and filled from
/// the stored line on read, so the number a reader sees is always the one the log assigned.
/// </summary>
internal static class LogEntryJson
{
    public static ReadOnlyMemory<byte> Serialize<T>(T entry)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(entry, StorageJson.Lines);
        return FindTopLevelSeq(json) is { } seq ? WithoutRange(json, seq.Start, seq.End) : json;
    }

    public static LogEntry<T> Deserialize<T>(LogRecord record, string logName, GrainId grainId, string path)
    {
        try
        {
            return new LogEntry<T>(record.Sequence, JsonSerializer.Deserialize<T>(record.Json.Span, StorageJson.Lines)!);
        }
        catch (JsonException e)
        {
            throw new IntegrityError(
                $"Log '{logName}' of grain {grainId}: record {record.Sequence} (line {record.Sequence}) of '{path}' is not a valid {typeof(T).Name}: "
                + $"at byte {e.BytePositionInLine ?? 0} of the line, JSON path '{e.Path ?? "$"}': {e.Message}",
                e);
        }
    }

    /// <summary>The byte range of the top-level <c>"seq":value</c> property (name to end of value), or null.</summary>
    private static (int Start, int End)? FindTopLevelSeq(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSeq = reader.ValueTextEquals("seq"u8);
            var start = (int)reader.TokenStartIndex;
            reader.Read();
            reader.Skip();
            if (isSeq)
            {
                return (start, (int)reader.BytesConsumed);
            }
        }

        return null;
    }

    /// <summary>
    /// The compact object without the property in [start, end) and one comma beside it. The serializer
    /// writes no whitespace, so a comma follows the property unless it is the last one. When the
    /// property comes first (<c>ChatMessage</c>'s <c>seq</c> does not, but a record may), the result is a
    /// slice of the same array: no copy.
    /// </summary>
    private static ReadOnlyMemory<byte> WithoutRange(byte[] json, int start, int end)
    {
        if (end < json.Length && json[end] == (byte)',')
        {
            end++;
        }
        else if (start > 0 && json[start - 1] == (byte)',')
        {
            start--;
        }

        if (start == 1)
        {
            json[end - 1] = (byte)'{';
            return json.AsMemory(end - 1);
        }

        var result = new byte[json.Length - (end - start)];
        json.AsSpan(0, start).CopyTo(result);
        json.AsSpan(end).CopyTo(result.AsSpan(start));
        return result;
    }
}

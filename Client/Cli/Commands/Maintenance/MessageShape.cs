using System.Text.Json;
using ChatDb.Grains.Models;
using ChatDb.Storage.Json;

namespace ChatDb.Cli.Commands.Maintenance;

/// <summary>
/// A quick yes for the common case of a well-formed <see cref="ChatMessage"/> line, without building the
/// record (its metadata dictionary of JsonElements costs a JsonDocument per value, which dominates export,
/// import and verify of a million messages). "No" is never final: the caller then runs the full
/// deserializer, which gives the exact error. Tests hold the two to the same verdict.
/// </summary>
internal static class MessageShape
{
    private static readonly UtcDateTimeOffsetConverter Timestamps = new();

    public static bool IsValid(ReadOnlySpan<byte> json)
    {
        var seen = 0;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = Field(ref reader);
                reader.Read();
                var ok = field switch
                {
                    1 or 3 or 4 => reader.TokenType == JsonTokenType.String,
                    2 => reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out _),
                    5 => reader.TokenType == JsonTokenType.String && IsTimestamp(ref reader),
                    6 => IsStringArray(ref reader),
                    7 => reader.TokenType == JsonTokenType.StartObject && reader.TrySkip(),
                    _ => reader.TrySkip(),
                };
                if (!ok)
                {
                    return false;
                }

                if (field > 0)
                {
                    seen |= 1 << field;
                }
            }

            return reader.TokenType == JsonTokenType.EndObject && !reader.Read() && seen == 0b1111_1110;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static int Field(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("id"u8) ? 1 :
        reader.ValueTextEquals("seq"u8) ? 2 :
        reader.ValueTextEquals("role"u8) ? 3 :
        reader.ValueTextEquals("content"u8) ? 4 :
        reader.ValueTextEquals("timestamp"u8) ? 5 :
        reader.ValueTextEquals("attachments"u8) ? 6 :
        reader.ValueTextEquals("metadata"u8) ? 7 : 0;

    private static bool IsTimestamp(ref Utf8JsonReader reader)
    {
        Timestamps.Read(ref reader, typeof(DateTimeOffset), StorageJson.Lines);
        return true;
    }

    private static bool IsStringArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return false;
            }
        }

        return true;
    }
}

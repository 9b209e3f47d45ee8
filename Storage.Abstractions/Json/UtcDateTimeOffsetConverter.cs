using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatDb.Storage.Json;

/// <summary>
/// Writes every <see cref="DateTimeOffset"/> as ISO 8601 in UTC with exactly six fractional digits
/// (<c>2025-01-02T03:04:05.123456Z</c>): one spelling per instant, sortable as text, microseconds like the
/// ids. Reads any ISO 8601 form with an offset and converts it to UTC; a value without an offset is refused
/// because its instant would be a guess.
/// </summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value) ||
            !HasOffset(text))
        {
            throw new JsonException($"expected an ISO 8601 timestamp with an offset or 'Z', found '{text}'");
        }

        return value.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
    }

    private static bool HasOffset(string text)
    {
        var time = text.IndexOf('T', StringComparison.Ordinal);
        if (time < 0)
        {
            return false;
        }

        var tail = text.AsSpan(time);
        return tail.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || tail.IndexOfAny('+', '-') >= 0;
    }
}

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
        Span<byte> utf8 = stackalloc byte[FormattedLength];
        writer.WriteStringValue(utf8[..FormatUtf8(value, utf8)]);
    }

    /// <summary>Bytes of a timestamp in <see cref="Format"/>: <c>2025-01-02T03:04:05.123456Z</c>.</summary>
    public const int FormattedLength = 27;

    /// <summary>
    /// Writes <paramref name="value"/> in <see cref="Format"/> as UTF-8 into <paramref name="destination"/> (at least
    /// <see cref="FormattedLength"/> bytes) and returns the bytes written. Every message and event line carries a
    /// timestamp, so the fixed layout is filled digit by digit instead of going through a custom format string.
    /// </summary>
    public static int FormatUtf8(DateTimeOffset value, Span<byte> destination)
    {
        if (destination.Length < FormattedLength)
        {
            throw new ArgumentException($"a timestamp needs {FormattedLength} bytes, the destination has {destination.Length}.", nameof(destination));
        }

        var utc = value.UtcDateTime;
        var micros = (int)(utc.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond);
        Digits(destination[..4], utc.Year);
        destination[4] = (byte)'-';
        Digits(destination.Slice(5, 2), utc.Month);
        destination[7] = (byte)'-';
        Digits(destination.Slice(8, 2), utc.Day);
        destination[10] = (byte)'T';
        Digits(destination.Slice(11, 2), utc.Hour);
        destination[13] = (byte)':';
        Digits(destination.Slice(14, 2), utc.Minute);
        destination[16] = (byte)':';
        Digits(destination.Slice(17, 2), utc.Second);
        destination[19] = (byte)'.';
        Digits(destination.Slice(20, 6), micros);
        destination[26] = (byte)'Z';
        return FormattedLength;
    }

    /// <summary>Fills <paramref name="digits"/> with <paramref name="value"/> in decimal, zero-padded on the left.</summary>
    private static void Digits(Span<byte> digits, int value)
    {
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            digits[i] = (byte)('0' + value % 10);
            value /= 10;
        }
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

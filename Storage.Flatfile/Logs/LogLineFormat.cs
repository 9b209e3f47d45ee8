using System.Buffers.Text;
using System.Text.Json;

namespace ChatDb.Storage.Flatfile.Logs;

/// <summary>
/// The shape of one stored record: <c>{"seq":N,...the caller's properties...}</c> followed by
/// <c>\n</c>. The sequence number is always the first property, written without spaces, so a reader
/// finds it by looking at the first bytes of a line instead of parsing the whole object.
/// </summary>
internal static class LogLineFormat
{
    public const byte NewLine = (byte)'\n';

    /// <summary>Longest decimal form of a positive <see cref="long"/>.</summary>
    public const int MaxSequenceDigits = 19;

    /// <summary>Same depth limit for appends and reads, so whatever was accepted can be read back.</summary>
    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    public static ReadOnlySpan<byte> SequencePrefix => "{\"seq\":"u8;

    /// <summary>Upper bound of the stored line length (newline included) for a caller object.</summary>
    public static int MaxLineLength(int objectLength) => objectLength + SequencePrefix.Length + MaxSequenceDigits + 2;

    /// <summary>
    /// Checks a caller's object before it is queued: one complete JSON object, starting with
    /// <c>{</c>, no raw newline byte, no top-level <c>seq</c> property (the log assigns it).
    /// </summary>
    /// <returns>True when the object has no properties (<c>{}</c>).</returns>
    public static bool ValidateCallerObject(ReadOnlySpan<byte> json, string subject)
    {
        if (json.IsEmpty || json[0] != (byte)'{')
        {
            throw new ValidationError($"{subject}: a record must be a serialized JSON object starting with '{{' (got {Describe(json)}).");
        }

        if (json.IndexOf(NewLine) is var newline and >= 0)
        {
            throw new ValidationError($"{subject}: a record must not contain a raw newline byte (found at byte {newline}); one record is one line.");
        }

        var reader = new Utf8JsonReader(json, ReaderOptions);
        var isEmpty = true;
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                isEmpty = false;
                if (reader.ValueTextEquals("seq"u8))
                {
                    throw new ValidationError($"{subject}: a record must not carry its own top-level \"seq\" property; the log assigns sequence numbers.");
                }

                reader.Read();
                reader.Skip();
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != 0 || reader.Read())
            {
                throw new ValidationError($"{subject}: a record must be exactly one JSON object with nothing after it.");
            }
        }
        catch (JsonException e)
        {
            throw new ValidationError($"{subject}: a record is not valid JSON: {e.Message}", e);
        }

        return isEmpty;
    }

    /// <summary>Writes the stored line for <paramref name="json"/> with sequence <paramref name="sequence"/>.</summary>
    public static int WriteLine(Span<byte> destination, long sequence, ReadOnlySpan<byte> json, bool isEmpty)
    {
        SequencePrefix.CopyTo(destination);
        var written = SequencePrefix.Length;
        Utf8Formatter.TryFormat(sequence, destination[written..], out var digits);
        written += digits;
        if (isEmpty)
        {
            // Whitespace inside or after "{ }" is dropped so "seq" is always followed by ',' or '}'.
            destination[written++] = (byte)'}';
        }
        else
        {
            destination[written++] = (byte)',';
            json[1..].CopyTo(destination[written..]);
            written += json.Length - 1;
        }

        destination[written++] = NewLine;
        return written;
    }

    /// <summary>
    /// Writes the caller's object of a stored line whose sequence number was read (<see cref="TryReadSequence"/>):
    /// the line without its <c>"seq":N</c> property. Returns the bytes written, at most the line's length.
    /// </summary>
    public static int WriteObject(Span<byte> destination, ReadOnlySpan<byte> line)
    {
        var rest = line[SequencePrefix.Length..];
        var digits = rest.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        destination[0] = (byte)'{';
        if (rest[digits] == (byte)'}')
        {
            destination[1] = (byte)'}';
            return 2;
        }

        var properties = rest[(digits + 1)..];
        properties.CopyTo(destination[1..]);
        return properties.Length + 1;
    }

    /// <summary>Reads the sequence number from the first bytes of a stored line.</summary>
    public static bool TryReadSequence(ReadOnlySpan<byte> line, out long sequence)
    {
        sequence = 0;
        if (!line.StartsWith(SequencePrefix))
        {
            return false;
        }

        var rest = line[SequencePrefix.Length..];
        var digits = 0;
        while (digits < rest.Length && digits <= MaxSequenceDigits && rest[digits] is >= (byte)'0' and <= (byte)'9')
        {
            digits++;
        }

        if (digits is 0 or > MaxSequenceDigits || rest[0] == (byte)'0' || digits == rest.Length || rest[digits] is not ((byte)',' or (byte)'}'))
        {
            return false;
        }

        return Utf8Parser.TryParse(rest[..digits], out sequence, out _) && sequence > 0;
    }

    /// <summary>True for <c>{}</c> (optionally with whitespace inside) in an already validated object.</summary>
    public static bool IsEmptyObject(ReadOnlySpan<byte> json)
    {
        var inside = json[1..].TrimStart(" \t\r"u8);
        return !inside.IsEmpty && inside[0] == (byte)'}';
    }

    /// <summary>Full check of a stored line: the sequence prefix and one complete JSON object.</summary>
    public static LineCheck Check(ReadOnlySpan<byte> line, long expectedSequence, out long sequence)
    {
        if (!TryReadSequence(line, out sequence))
        {
            return IsJsonObject(line) ? LineCheck.NoSequence : LineCheck.NotJson;
        }

        if (!IsJsonObject(line))
        {
            return LineCheck.NotJson;
        }

        return sequence == expectedSequence ? LineCheck.Ok : LineCheck.WrongSequence;
    }

    public static string Describe(LineCheck check, long expectedSequence, long sequence) => check switch
    {
        LineCheck.NotJson => "not a complete JSON object",
        LineCheck.NoSequence => "no \"seq\" as its first property",
        LineCheck.WrongSequence => $"sequence {sequence} where {expectedSequence} was expected",
        LineCheck.Unterminated => "no newline at its end (torn write)",
        _ => "valid",
    };

    /// <summary>True when the line is exactly one complete JSON object.</summary>
    public static bool IsJsonObject(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty || line[0] != (byte)'{')
        {
            return false;
        }

        var reader = new Utf8JsonReader(line, ReaderOptions);
        try
        {
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Describe(ReadOnlySpan<byte> json) =>
        json.IsEmpty ? "an empty buffer" : $"first byte 0x{json[0]:X2}";
}

internal enum LineCheck
{
    Ok,
    NotJson,
    NoSequence,
    WrongSequence,
    Unterminated,
}

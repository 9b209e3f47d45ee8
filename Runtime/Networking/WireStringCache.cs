using System.Text;
using System.Text.Json;

namespace ChatDb.Runtime.Networking;

/// <summary>
/// Per-connection memo of strings that repeat on every frame (method ids, grain types): a hit costs a
/// transcode on the stack and a lookup instead of a string allocation. Bounded, so a peer sending
/// endless distinct values only defeats the cache, never grows it.
/// </summary>
internal sealed class WireStringCache<TValue>(Func<string, TValue> resolve)
{
    private const int MaxEntries = 1024;
    private const int MaxCachedLength = 256;

    private readonly Dictionary<string, TValue> _entries = new(StringComparer.Ordinal);

    /// <summary>Reads the string token the reader is on; null for a JSON null.</summary>
    public (string? Text, TValue? Value) Get(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped && reader.ValueSpan.Length <= MaxCachedLength)
        {
            Span<char> chars = stackalloc char[MaxCachedLength];
            var length = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
            var lookup = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(chars[..length], out var cachedText, out var cached))
            {
                return (cachedText, cached);
            }
        }

        var text = reader.GetString();
        if (text is null)
        {
            return (null, default);
        }

        var value = resolve(text);
        if (_entries.Count < MaxEntries && text.Length <= MaxCachedLength)
        {
            _entries[text] = value;
        }

        return (text, value);
    }
}

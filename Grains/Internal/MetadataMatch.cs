using System.Text.Json;

namespace ChatDb.Grains.Internal;

/// <summary>
/// The metadata filters of message lists, session lists and search (<c>?metadata.key=value</c>): every key
/// must be present with that value, ANDed. A string matches when equal; a number or boolean when its JSON
/// text is equal (<c>metadata.turn=3</c>, <c>metadata.flagged=true</c>); objects, arrays and null never match.
/// </summary>
internal static class MetadataMatch
{
    public static bool IsEmpty(IReadOnlyDictionary<string, string>? filter) => filter is null || filter.Count == 0;

    public static bool Matches(Dictionary<string, JsonElement>? metadata, IReadOnlyDictionary<string, string>? filter)
    {
        if (IsEmpty(filter))
        {
            return true;
        }

        if (metadata is null)
        {
            return false;
        }

        foreach (var (key, expected) in filter!)
        {
            if (!metadata.TryGetValue(key, out var value) || !ValueEquals(value, expected))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ValueEquals(JsonElement value, string expected) => value.ValueKind switch
    {
        JsonValueKind.String => value.ValueEquals(expected),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => string.Equals(value.GetRawText(), expected, StringComparison.Ordinal),
        _ => false,
    };
}

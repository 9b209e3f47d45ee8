using System.Text.Json;
using ChatDb.Grains.Serialization;

namespace ChatDb.Grains.Internal;

/// <summary>The free-form JSON maps of the models (metadata, preferences, analysis, ...).</summary>
internal static class JsonMaps
{
    /// <summary>
    /// A copy the grain can keep: calls inside the silo pass references, so a caller changing its map
    /// afterwards must not change the grain's state. JsonElement values are immutable.
    /// </summary>
    public static Dictionary<string, JsonElement> Copy(Dictionary<string, JsonElement>? map) =>
        map is null ? new(StringComparer.Ordinal) : new(map, StringComparer.Ordinal);

    /// <summary>Shallow merge (RFC 7396 at the top level): keys of <paramref name="patch"/> replace, JSON null removes.</summary>
    public static Dictionary<string, JsonElement> Merge(Dictionary<string, JsonElement> current, Dictionary<string, JsonElement>? patch)
    {
        var merged = Copy(current);
        if (patch is null)
        {
            return merged;
        }

        foreach (var (key, value) in patch)
        {
            if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value;
            }
        }

        return merged;
    }

    /// <summary>Size of the map as compact UTF-8 JSON; 0 for none.</summary>
    public static long SizeInBytes(Dictionary<string, JsonElement>? map) =>
        map is null || map.Count == 0
            ? 0
            : JsonSerializer.SerializeToUtf8Bytes(map, ChatDbJsonContext.Default.DictionaryStringJsonElement).LongLength;
}

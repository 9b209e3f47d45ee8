using System.Text.Json;

namespace ChatDb.Grains.Tests.Infrastructure;

internal static class Json
{
    /// <summary>A map from alternating keys and JSON texts: <c>Map("a", "1", "b", "\"x\"")</c>.</summary>
    public static Dictionary<string, JsonElement> Map(params string[] keysAndJson)
    {
        var map = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        for (var i = 0; i < keysAndJson.Length; i += 2)
        {
            map[keysAndJson[i]] = JsonDocument.Parse(keysAndJson[i + 1]).RootElement.Clone();
        }

        return map;
    }

    public static string NewUserId(string prefix = "u") => $"{prefix}-{Guid.NewGuid():N}";
}

using System.Globalization;
using System.Text.Json;
using ChatDb.Grains.Serialization;

namespace ChatDb.Cli.Commands.Data;

/// <summary>Formatting for the human-readable output.</summary>
internal static class Text
{
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Map(Dictionary<string, JsonElement> map) =>
        map.Count == 0 ? "{}" : JsonSerializer.Serialize(map, ChatDbJsonContext.Default.DictionaryStringJsonElement);

    /// <summary>One line: newlines shown as a visible mark, so a message never spans output lines.</summary>
    public static string OneLine(string text) => text.ReplaceLineEndings(" ⏎ ");
}

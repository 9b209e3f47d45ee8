using ChatDb.Storage;
using System.Text.Json;
using ChatDb.Grains.Serialization;

namespace ChatDb.Cli.Commands.Data;

/// <summary>JSON objects given on the command line, inline (<c>'{"a":1}'</c>) or from a file (<c>@path.json</c>).</summary>
internal static class JsonArgs
{
    /// <summary>A JSON array of message parts, inline or <c>@path.json</c>; null when not given.</summary>
    public static IReadOnlyList<ChatDb.Grains.Models.MessagePart>? OptionalParts(string? text, string what)
    {
        if (text is null)
        {
            return null;
        }

        var json = text.StartsWith('@') ? File.ReadAllText(text[1..]) : text;
        try
        {
            return JsonSerializer.Deserialize(json, ChatDbJsonContext.Default.IReadOnlyListMessagePart)
                ?? throw new ValidationError($"{what} must be a JSON array of parts, not null.");
        }
        catch (JsonException e)
        {
            throw new ValidationError($"{what} is not a JSON array of message parts: {e.Message}", e);
        }
    }

    public static Dictionary<string, JsonElement>? OptionalObject(string? text, string what) =>
        text is null ? null : Object(text, what);

    public static Dictionary<string, JsonElement> Object(string text, string what)
    {
        var json = text.StartsWith('@') ? File.ReadAllText(text[1..]) : text;
        try
        {
            return JsonSerializer.Deserialize(json, ChatDbJsonContext.Default.DictionaryStringJsonElement)
                ?? throw new ValidationError($"{what} must be a JSON object, not null.");
        }
        catch (JsonException e)
        {
            throw new ValidationError($"{what} is not a JSON object: {e.Message}", e);
        }
    }
}

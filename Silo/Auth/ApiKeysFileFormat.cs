using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace ChatDb.Silo.Auth;

/// <summary>
/// Reads the keys file (<see cref="ChatDbAuthOptions.ApiKeysFile"/>): <c>{"ApiKeys": [{"Name": ..., "Hash": ..., "Scope": ...}]}</c>,
/// the shape of the <c>Auth</c> section, property names in any case. Strict: a file that is not exactly that is refused
/// as a whole, so a half-written file never replaces good keys with fewer.
/// </summary>
internal static class ApiKeysFileFormat
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>The entries of <paramref name="content"/>, or why it is not a keys file (the error never quotes a value).</summary>
    public static bool TryRead(byte[] content, [NotNullWhen(true)] out List<ApiKeyOptions>? entries, [NotNullWhen(false)] out string? error)
    {
        entries = null;
        try
        {
            using var document = JsonDocument.Parse(content, DocumentOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !TryGetProperty(document.RootElement, nameof(ChatDbAuthOptions.ApiKeys), out var list)
                || list.ValueKind != JsonValueKind.Array)
            {
                error = $"must be a JSON object with an array '{nameof(ChatDbAuthOptions.ApiKeys)}'.";
                return false;
            }

            var read = new List<ApiKeyOptions>();
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    error = $"has an entry {nameof(ChatDbAuthOptions.ApiKeys)}:{index} that is not a JSON object.";
                    return false;
                }

                read.Add(new ApiKeyOptions
                {
                    Name = Text(item, nameof(ApiKeyOptions.Name)),
                    Hash = Text(item, nameof(ApiKeyOptions.Hash)),
                    Scope = Text(item, nameof(ApiKeyOptions.Scope)),
                    RequestsPerSecond = TryGetProperty(item, nameof(ApiKeyOptions.RequestsPerSecond), out var perSecond) ? Number(perSecond, index, nameof(ApiKeyOptions.RequestsPerSecond)) : null,
                    Burst = TryGetProperty(item, nameof(ApiKeyOptions.Burst), out var burst) ? (int)Number(burst, index, nameof(ApiKeyOptions.Burst)) : null,
                });
                index++;
            }

            entries = read;
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
        catch (JsonException e)
        {
            error = $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).";
            return false;
        }
    }

    private static double Number(JsonElement value, int index, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number is >= int.MinValue and <= int.MaxValue
            ? number
            : throw new FormatException($"has {nameof(ChatDbAuthOptions.ApiKeys)}:{index}:{name} that is not a number.");

    private static string Text(JsonElement entry, string name) =>
        TryGetProperty(entry, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatDb.Tests.Shared;

/// <summary>
/// The recorded read-back of the golden tree (<c>tests/Api.Tests/TestData/golden-v1.expected.json</c>): one
/// object keyed by <c>"METHOD path"</c>, each value what the REST API answered. Only HTTP and JSON, nothing of
/// the runtime, so the same file checks the silo before and after a change of runtime. Shared by the
/// generator (<c>tests/GoldenTree</c>) and the read-back test (<c>GoldenTreeCompatibilityTests</c>).
/// </summary>
/// <remarks>
/// A value is <c>{"status", "body"}</c> for a JSON answer, <c>{"status", "contentType", "base64"}</c> for any
/// other (document bytes), and <c>{"status", "error"}</c> for an error, whose message text is left out: the
/// error kind is the contract, the wording is not.
/// </remarks>
public static class GoldenResponses
{
    /// <summary>How the expected file is written: indented, non-ASCII text as is, so a diff reads well.</summary>
    public static JsonSerializerOptions FileFormat { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Sends <paramref name="route"/> (<c>"GET /users/alice"</c>) and records the answer.</summary>
    public static async Task<JsonObject> RecordAsync(HttpClient http, string route)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(route);
        var space = route.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            throw new ArgumentException($"route \"{route}\" is not of the form \"METHOD path\".", nameof(route));
        }

        using var request = new HttpRequestMessage(new HttpMethod(route[..space]), route[(space + 1)..]);
        using var response = await http.SendAsync(request);
        var status = (int)response.StatusCode;
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var isJson = response.Content.Headers.ContentType?.MediaType is "application/json" or "application/problem+json";
        if (!response.IsSuccessStatusCode)
        {
            var kind = isJson && JsonNode.Parse(bytes) is JsonObject error && error["error"] is JsonValue value ? value.GetValue<string>() : null;
            return new JsonObject { ["status"] = status, ["error"] = kind };
        }

        if (isJson)
        {
            return new JsonObject { ["status"] = status, ["body"] = bytes.Length == 0 ? null : JsonNode.Parse(bytes) };
        }

        return new JsonObject
        {
            ["status"] = status,
            ["contentType"] = response.Content.Headers.ContentType?.ToString(),
            ["base64"] = Convert.ToBase64String(bytes),
        };
    }

    /// <summary>
    /// Every difference between two recorded answers, each naming the JSON path (<c>$.body[2].content</c>)
    /// and both values. Objects are compared by property name (order ignored), arrays in order; integers
    /// exactly, other numbers within a relative 1e-6 (vector scores are float32 sums whose order
    /// depends on the machine's vector width).
    /// </summary>
    public static List<string> Differences(JsonElement expected, JsonElement actual)
    {
        var differences = new List<string>();
        Compare("$", expected, actual, differences);
        return differences;
    }

    /// <summary>
    /// Message fields the API gained after the golden answers were recorded: an old message reads back with
    /// them added (its token count is computed on read), and with every recorded field unchanged.
    /// </summary>
    private static readonly HashSet<string> MessageFieldsAddedSinceTheRecording = new(StringComparer.Ordinal) { "tokens" };

    private static bool IsMessage(JsonElement value) => value.TryGetProperty("seq", out _) && value.TryGetProperty("role", out _);

    /// <summary>Persona fields added since the recording: persona lists mark each persona's <c>scope</c> (user or global).</summary>
    private static readonly HashSet<string> PersonaFieldsAddedSinceTheRecording = new(StringComparer.Ordinal) { "scope" };

    private static bool IsPersona(JsonElement value) => value.TryGetProperty("version", out _) && value.TryGetProperty("data", out _);

    private static void Compare(string path, JsonElement expected, JsonElement actual, List<string> differences)
    {
        if (expected.ValueKind != actual.ValueKind && !(IsBoolean(expected) && IsBoolean(actual)))
        {
            differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
            return;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var actualNames = actual.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var property in expected.EnumerateObject())
                {
                    if (actual.TryGetProperty(property.Name, out var value))
                    {
                        Compare($"{path}.{property.Name}", property.Value, value, differences);
                        actualNames.Remove(property.Name);
                    }
                    else
                    {
                        differences.Add($"{path}.{property.Name}: expected {Show(property.Value)}, missing");
                    }
                }

                foreach (var extra in actualNames.Order(StringComparer.Ordinal))
                {
                    if ((IsMessage(expected) && MessageFieldsAddedSinceTheRecording.Contains(extra))
                        || (IsPersona(expected) && PersonaFieldsAddedSinceTheRecording.Contains(extra)))
                    {
                        continue;
                    }

                    differences.Add($"{path}.{extra}: not expected, got {Show(actual.GetProperty(extra))}");
                }

                break;
            case JsonValueKind.Array:
                var expectedItems = expected.EnumerateArray().ToList();
                var actualItems = actual.EnumerateArray().ToList();
                if (expectedItems.Count != actualItems.Count)
                {
                    differences.Add($"{path}: expected {expectedItems.Count} items, got {actualItems.Count}");
                }

                for (var i = 0; i < Math.Min(expectedItems.Count, actualItems.Count); i++)
                {
                    Compare(string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), expectedItems[i], actualItems[i], differences);
                }

                break;
            case JsonValueKind.Number:
                if (!SameNumber(expected, actual))
                {
                    differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
                }

                break;
            default:
                if (expected.ValueKind is JsonValueKind.String ? expected.GetString() != actual.GetString() : expected.ValueKind != actual.ValueKind)
                {
                    differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
                }

                break;
        }
    }

    private static bool IsBoolean(JsonElement element) => element.ValueKind is JsonValueKind.True or JsonValueKind.False;

    private static bool SameNumber(JsonElement expected, JsonElement actual)
    {
        if (expected.TryGetInt64(out var expectedInteger) && actual.TryGetInt64(out var actualInteger))
        {
            return expectedInteger == actualInteger;
        }

        var a = expected.GetDouble();
        var b = actual.GetDouble();
        return a.Equals(b) || Math.Abs(a - b) <= 1e-6 * Math.Max(Math.Abs(a), Math.Abs(b));
    }

    private static string Show(JsonElement element)
    {
        var text = element.ValueKind is JsonValueKind.String ? JsonSerializer.Serialize(element.GetString(), FileFormat) : element.GetRawText();
        return text.Length <= 200 ? text : text[..200] + "... (" + text.Length.ToString(CultureInfo.InvariantCulture) + " chars)";
    }
}

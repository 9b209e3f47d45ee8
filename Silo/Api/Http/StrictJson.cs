using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ChatDb.Silo.Api.Http;

/// <summary>
/// The metadata request bodies are read with: the same contracts, but a field the contract does not have is an
/// error instead of being dropped without a word (<c>"seq": 999999</c> on a new message would otherwise give 201).
/// Free-form models keep their unknown fields: a type with <c>[JsonExtensionData]</c> (profiles) captures them, and
/// maps (metadata, analysis, persona and insight bodies) have no fixed fields. Files on disk are read with the
/// plain metadata and keep tolerating fields a later version added.
/// </summary>
internal static class StrictJson
{
    private static readonly ConcurrentDictionary<JsonSerializerOptions, JsonSerializerOptions> Strict = new();

    public static JsonTypeInfo<T> For<T>(JsonTypeInfo<T> typeInfo)
    {
        var options = Strict.GetOrAdd(typeInfo.Options, static options =>
            new JsonSerializerOptions(options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow });
        return (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
    }

    /// <summary>The field a strict read refused, when <paramref name="error"/> is that refusal (its path, e.g. <c>$.seq</c>).</summary>
    public static string? UnknownField(JsonException error) =>
        error.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) ? error.Path ?? "$" : null;
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans;

namespace ChatDb.Plugins.Sample;

/// <summary>The answer of the word-count route and grain.</summary>
[GenerateSerializer, Immutable, Alias("chatdb.sample.WordCount")]
public sealed record WordCount(
    [property: Id(0)] string UserId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] long Messages,
    [property: Id(3)] long Words);

// The plugin's own JSON metadata: the API's contexts do not know its types.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WordCount))]
internal sealed partial class WordCountJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace ChatDb.Runtime.Networking;

/// <summary>The client's first frame.</summary>
internal sealed record HelloMessage(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("protocol")] int Protocol,
    [property: JsonPropertyName("clientId")] string ClientId,
    [property: JsonPropertyName("clusterSecret")] string? ClusterSecret);

/// <summary>
/// The silo's answer to an accepted hello. <see cref="GrainTypes"/> maps grain interface full names to
/// the grain type implementing them, so a client that holds only interfaces can build grain ids.
/// </summary>
internal sealed record WelcomeMessage(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("siloName")] string SiloName,
    [property: JsonPropertyName("protocol")] int Protocol,
    [property: JsonPropertyName("grainTypes")] IReadOnlyDictionary<string, string> GrainTypes);

/// <summary>A refused handshake (or an error frame read while waiting for the welcome).</summary>
internal sealed record HandshakeReply(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("siloName")] string? SiloName,
    [property: JsonPropertyName("protocol")] int Protocol,
    [property: JsonPropertyName("grainTypes")] IReadOnlyDictionary<string, string>? GrainTypes,
    [property: JsonPropertyName("errorType")] string? ErrorType,
    [property: JsonPropertyName("message")] string? Message);

/// <summary>Source-generated serialization of the handshake envelope (no reflection on the wire's own types).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HelloMessage))]
[JsonSerializable(typeof(WelcomeMessage))]
[JsonSerializable(typeof(HandshakeReply))]
internal sealed partial class WireJsonContext : JsonSerializerContext
{
}

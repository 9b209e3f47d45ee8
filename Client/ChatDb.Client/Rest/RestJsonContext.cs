using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatDb.Client;

/// <summary>
/// The REST API's own bodies, which no grain takes or returns (the wire records go through
/// <c>ChatDbJsonContext</c>); the same web defaults, so names are camelCase on both.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ApiErrorBody))]
[JsonSerializable(typeof(CreateSessionBody))]
[JsonSerializable(typeof(CreatePanelBody))]
[JsonSerializable(typeof(SharePersonaBody))]
[JsonSerializable(typeof(PublishPersonaBody))]
[JsonSerializable(typeof(IReadOnlyList<ChatDb.Grains.Models.SituationalContext>))]
internal sealed partial class RestJsonContext : JsonSerializerContext;

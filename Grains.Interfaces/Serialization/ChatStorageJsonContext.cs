using System.Text.Json.Serialization;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Serialization;

/// <summary>
/// Source-generated JSON metadata of the records the session grain keeps in its logs, in the on-disk
/// conventions of <c>StorageJson</c> (snake_case names, strict reading). The storage reads and writes them
/// through <c>StorageJson.Lines</c>, whose converters (timestamps, enums) still apply; this context only
/// spares the reflection that builds the metadata and the constructor calls of every line read.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(ChatMessage))]
[JsonSerializable(typeof(MessageEdit))]
public sealed partial class ChatStorageJsonContext : JsonSerializerContext;

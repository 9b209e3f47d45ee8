using System.Text.Json.Serialization;

namespace ChatDb.Storage.Flatfile.Audit;

/// <summary>The audit log's lines as stored: snake_case like every file of the data directory (docs/STORAGE.md).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditEntry))]
public sealed partial class AuditJsonContext : JsonSerializerContext;

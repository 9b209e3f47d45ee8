using System.Text.Json.Serialization;

namespace ChatDb.Silo.Audit;

/// <summary>The audit log's lines as stored: snake_case like every file of the data directory (docs/STORAGE.md).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditEntry))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;

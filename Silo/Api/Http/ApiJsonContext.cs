using System.Text.Json;
using System.Text.Json.Serialization;
using ChatDb.Grains.Models;
using ChatDb.Silo.Api.Contracts;
using ChatDb.Silo.Api.Errors;

namespace ChatDb.Silo.Api.Http;

/// <summary>JSON metadata of the API's own request and response types (web defaults: camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(ContextRequest))]
[JsonSerializable(typeof(CreatePanelRequest))]
[JsonSerializable(typeof(SharePersonaRequest))]
[JsonSerializable(typeof(PublishPersonaRequest))]
[JsonSerializable(typeof(IReadOnlyList<SituationalContext>))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
[JsonSerializable(typeof(IReadOnlyList<ChatDb.Grains.Search.SearchHit>))]
[JsonSerializable(typeof(IReadOnlyList<ChatDb.Storage.Flatfile.Audit.AuditEntry>))]
[JsonSerializable(typeof(List<ClusterSilo>))]
[JsonSerializable(typeof(IReadOnlyList<ClusterSilo>))]
[JsonSerializable(typeof(UserDirectoryPage))]
[JsonSerializable(typeof(IReadOnlyList<ChatDb.Silo.Modules.ModuleInfo>))]
[JsonSerializable(typeof(ChatDb.Storage.Flatfile.Maintenance.StorageStatistics))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;

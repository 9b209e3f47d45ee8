using System.Text.Json;
using System.Text.Json.Serialization;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Serialization;

/// <summary>Source-generated JSON metadata of the knowledge records in REST (web defaults: camelCase; docs/RAG.md).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(KnowledgeDocument))]
[JsonSerializable(typeof(IReadOnlyList<KnowledgeDocument>))]
[JsonSerializable(typeof(KnowledgePutResult))]
[JsonSerializable(typeof(KnowledgeHit))]
[JsonSerializable(typeof(IReadOnlyList<KnowledgeHit>))]
public sealed partial class KnowledgeJsonContext : JsonSerializerContext;

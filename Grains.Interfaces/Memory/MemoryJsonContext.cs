using System.Text.Json;
using System.Text.Json.Serialization;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Serialization;

/// <summary>Source-generated JSON metadata of the memory records in REST (web defaults: camelCase; docs/MEMORY.md).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Memory))]
[JsonSerializable(typeof(IReadOnlyList<Memory>))]
[JsonSerializable(typeof(NewMemory))]
[JsonSerializable(typeof(MemoryPatch))]
[JsonSerializable(typeof(MemoryHit))]
[JsonSerializable(typeof(IReadOnlyList<MemoryHit>))]
[JsonSerializable(typeof(MemoryExtractionRequest))]
[JsonSerializable(typeof(MemoryExtractionResult))]
public sealed partial class MemoryJsonContext : JsonSerializerContext;

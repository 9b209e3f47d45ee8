using ChatDb.Grains.Models;

namespace ChatDb.Silo.Api.OpenApi;

/// <summary>The examples of the memory wire types (docs/MEMORY.md); the request examples run against a live silo.</summary>
internal static class MemorySchemaExamples
{
    private const string Added = """
        {"id": "mem_3b9d1f0a7c2e4d5b8a6f1e0d9c8b7a65", "text": "User prefers window seats", "source": {"sessionId": null, "seqs": []},
         "agentId": null, "createdAt": "2026-01-31T12:00:00+00:00", "updatedAt": "2026-01-31T12:00:00+00:00",
         "expiresAt": "2030-01-01T00:00:00+00:00", "importance": 0.8}
        """;

    private const string Extracted = """
        {"id": "mem_0f1e2d3c4b5a69788796a5b4c3d2e1f0", "text": "User lives in Porto",
         "source": {"sessionId": "chat_session_20260131_120000_000000", "seqs": [1]}, "agentId": null,
         "createdAt": "2026-01-31T12:00:00+00:00", "updatedAt": "2026-01-31T12:05:00+00:00", "expiresAt": null, "importance": 0.5}
        """;

    private static readonly Dictionary<Type, string> Examples = new()
    {
        [typeof(Memory)] = Added,
        [typeof(MemorySource)] = """{"sessionId": "chat_session_20260131_120000_000000", "seqs": [1, 3]}""",
        [typeof(NewMemory)] = """{"text": "User prefers window seats", "importance": 0.8, "expiresAt": "2030-01-01T00:00:00Z"}""",
        [typeof(MemoryPatch)] = """{"text": "User prefers aisle seats", "importance": 0.9}""",
        [typeof(MemoryHit)] = $$"""{"memory": {{Extracted}}, "score": 0.0322}""",
        [typeof(MemoryExtractionRequest)] = """{"sessionId": "chat_session_20260131_120000_000000", "fromSeq": 1}""",
        [typeof(MemoryExtractionResult)] = $$"""{"added": [{{Extracted}}], "updated": [], "deleted": []}""",
    };

    public static string? For(Type type) => Examples.GetValueOrDefault(type);
}

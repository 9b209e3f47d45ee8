using ChatDb.Grains.Models;

namespace ChatDb.Silo.Api.OpenApi;

/// <summary>The examples of the knowledge wire types (docs/RAG.md).</summary>
internal static class KnowledgeSchemaExamples
{
    private static readonly Dictionary<Type, string> Examples = new()
    {
        [typeof(KnowledgeDocument)] = """
            {"filename": "notes.txt", "format": "text", "bytes": 48, "status": "indexed", "reason": null, "chunks": 1, "updatedAt": "2026-01-31T12:00:00+00:00"}
            """,
        [typeof(KnowledgePutResult)] = """{"filename": "notes.txt", "status": "indexed", "reason": null, "replaced": false}""",
        [typeof(KnowledgeHit)] = """{"filename": "notes.txt", "chunk": "Hotel bookings are made through the travel desk.", "position": 0, "score": 0.0328}""",
    };

    public static string? For(Type type) => Examples.GetValueOrDefault(type);
}

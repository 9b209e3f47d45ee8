using ChatDb.Grains.Modules;
using ChatDb.Storage.Sessions;

namespace ChatDb.Grains.Rag;

/// <summary>
/// rag: documents as knowledge (docs/RAG.md): a user's knowledge base, the documents of a session (upload, read,
/// analysis), and retrieval over both. <see cref="Routes"/> is all the REST gate and <c>GET /modules</c> read.
/// </summary>
public static class RagModule
{
    /// <summary>The route prefixes of the module.</summary>
    public static IReadOnlyList<string> Routes { get; } =
    [
        "/users/{userId}/sessions/{sessionId}/documents",
        "/users/{userId}/knowledge",
        "/users/{userId}/retrieve",
    ];

    public static ChatModule Descriptor { get; } = new(ChatModuleNames.Rag, "1.0.0",
        "Documents as knowledge: a user's knowledge base and a session's documents, extracted, chunked, indexed and retrieved.")
    {
        Routes = Routes,
        GrainInterfaces = [typeof(IKnowledgeGrain), typeof(ISessionKnowledgeGrain)],
        DataDirectories = ["users/{user_id}/knowledge/", "users/{user_id}/chat_session_*/documents/"],
        Namespace = "ChatDb.Grains.Knowledge",
        Services = [typeof(IDocumentLocations)],
    };
}

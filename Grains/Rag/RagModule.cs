using ChatDb.Grains.Modules;
using ChatDb.Storage.Sessions;

namespace ChatDb.Grains.Rag;

/// <summary>
/// rag: documents as knowledge. Today: the documents of a session (upload, read, analysis). Knowledge routes join the
/// module by adding their prefix to <see cref="Routes"/>; that one list is all the REST gate and <c>GET /modules</c> read.
/// </summary>
public static class RagModule
{
    /// <summary>The route prefixes of the module.</summary>
    public static IReadOnlyList<string> Routes { get; } =
    [
        "/users/{userId}/sessions/{sessionId}/documents",
    ];

    public static ChatModule Descriptor { get; } = new(ChatModuleNames.Rag, "1.0.0",
        "Documents as knowledge: documents attached to a session, their content and analysis.")
    {
        Routes = Routes,
        DataDirectories = ["users/{user_id}/chat_session_*/documents/"],
        Services = [typeof(IDocumentLocations)],
    };
}

using ChatDb.Grains.Models;

namespace ChatDb.Client;

/// <summary>A user's knowledge base and retrieval (docs/RAG.md): documents extracted, chunked and indexed for search by meaning.</summary>
public partial interface IChatDb
{
    /// <summary>Stores the document (replacing one of the same name) and indexes it; the result says indexed or failed, and why.</summary>
    Task<KnowledgePutResult> PutKnowledgeAsync(string userId, string filename, byte[] content, string? contentType = null, CancellationToken cancellationToken = default);

    /// <summary>The user's knowledge documents by filename, each with its status and chunk count.</summary>
    Task<IReadOnlyList<KnowledgeDocument>> ListKnowledgeAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Removes the document, its text and chunks; false when the user had none of that name.</summary>
    Task<bool> DeleteKnowledgeAsync(string userId, string filename, CancellationToken cancellationToken = default);

    /// <summary>
    /// The <paramref name="k"/> chunks (default 5, at most 50) that best answer <paramref name="query"/>, best first: from the
    /// knowledge base, or from the documents of <paramref name="sessionId"/> when given.
    /// </summary>
    Task<IReadOnlyList<KnowledgeHit>> RetrieveAsync(string userId, string query, int? k = null, string? sessionId = null, CancellationToken cancellationToken = default);
}

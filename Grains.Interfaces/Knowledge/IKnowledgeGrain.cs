using ChatDb.Grains.Models;
using ChatDb.Storage.Keys;
using Orleans;
using Orleans.Concurrency;

namespace ChatDb.Grains;

/// <summary>
/// A user's knowledge base (key <c>{userId}</c>, <see cref="ChatGrainKeys.Knowledge"/>; docs/RAG.md): documents extracted to
/// text, chunked, embedded and indexed for <see cref="RetrieveAsync"/>. Deleted with the user.
/// </summary>
public interface IKnowledgeGrain : IGrainWithStringKey
{
    /// <summary>Stores the document (replacing one of the same name) and indexes it; a document that cannot be read is kept with status failed.</summary>
    Task<KnowledgePutResult> PutAsync(string filename, byte[] content, string? contentType);

    [ReadOnly]
    Task<IReadOnlyList<KnowledgeDocument>> ListAsync();

    /// <summary>The document's entry; NotFoundError when there is none.</summary>
    [ReadOnly]
    Task<KnowledgeDocument> GetAsync(string filename);

    /// <summary>Removes the document, its text and chunks; false when there was none.</summary>
    Task<bool> DeleteAsync(string filename);

    /// <summary>The chunks that best answer the query, best first: from the knowledge base, or from the session's documents when the query names one.</summary>
    [ReadOnly]
    Task<IReadOnlyList<KnowledgeHit>> RetrieveAsync(KnowledgeQuery query);

    /// <summary>Erases the whole knowledge base (a user's deletion).</summary>
    Task DeleteAllAsync();
}

/// <summary>
/// The chunks of one session's documents (key <c>{userId}/{sessionId}</c>): derived from the session's documents, kept in
/// memory, brought up to date with the document list before each retrieval (new, replaced and removed documents).
/// </summary>
public interface ISessionKnowledgeGrain : IGrainWithStringKey
{
    Task<IReadOnlyList<KnowledgeHit>> RetrieveAsync(string query, int k);
}

using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;

namespace ChatDb.Client;

public sealed partial class ChatDbClient
{
    // === Knowledge ===

    public Task<KnowledgePutResult> PutKnowledgeAsync(string userId, string filename, byte[] content, string? contentType = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Knowledge(userId).PutAsync(ClientIds.Require(filename, "filename"), content, contentType).WaitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<KnowledgeDocument>> ListKnowledgeAsync(string userId, CancellationToken cancellationToken = default) =>
        Knowledge(userId).ListAsync().WaitAsync(cancellationToken);

    public Task<bool> DeleteKnowledgeAsync(string userId, string filename, CancellationToken cancellationToken = default) =>
        Knowledge(userId).DeleteAsync(ClientIds.Require(filename, "filename")).WaitAsync(cancellationToken);

    public Task<IReadOnlyList<KnowledgeHit>> RetrieveAsync(string userId, string query, int? k = null, string? sessionId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Knowledge(userId).RetrieveAsync(new KnowledgeQuery { Query = query, K = k, SessionId = sessionId }).WaitAsync(cancellationToken);
    }

    /// <summary>The user's knowledge grain; the user id is checked here, so a hostile one activates nothing.</summary>
    private IKnowledgeGrain Knowledge(string userId) =>
        _client.GetGrain<IKnowledgeGrain>(ChatGrainKeys.Knowledge(EntityIdValidator.Validate(ClientIds.Require(userId, "user id"), "user id")));
}

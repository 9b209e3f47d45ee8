using System.Net;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Storage.Keys;

namespace ChatDb.Client;

public sealed partial class ChatDbRestClient
{
    // === Memories ===

    public Task<Memory> AddMemoryAsync(string userId, NewMemory memory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memory);
        return SendAsync(HttpMethod.Post, MemoriesPath(userId), Json(memory, MemoryJsonContext.Default.NewMemory), MemoryJsonContext.Default.Memory, cancellationToken);
    }

    public Task<Memory?> GetMemoryAsync(string userId, string memoryId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync(MemoryPath(userId, memoryId), MemoryJsonContext.Default.Memory, cancellationToken);

    public Task<Memory> UpdateMemoryAsync(string userId, string memoryId, MemoryPatch patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return SendAsync(HttpMethod.Patch, MemoryPath(userId, memoryId), Json(patch, MemoryJsonContext.Default.MemoryPatch), MemoryJsonContext.Default.Memory, cancellationToken);
    }

    /// <summary>False for the API's own 404 (no such memory); any other failure throws.</summary>
    public async Task<bool> DeleteMemoryAsync(string userId, string memoryId, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, MemoryPath(userId, memoryId), content: null, nullOnNotFound: true, cancellationToken).ConfigureAwait(false);
        return response is { StatusCode: HttpStatusCode.NoContent or HttpStatusCode.OK };
    }

    public Task<IReadOnlyList<Memory>> ListMemoriesAsync(string userId, MemoryQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new MemoryQuery();
        var url = new QueryString(MemoriesPath(userId)).Add("agentId", query.AgentId).Add("includeExpired", query.IncludeExpired ? "true" : null)
            .Add("offset", query.Offset == 0 ? null : query.Offset).Add("limit", query.Limit);
        return SendAsync(HttpMethod.Get, url.ToString(), content: null, MemoryJsonContext.Default.IReadOnlyListMemory, cancellationToken);
    }

    public Task<IReadOnlyList<MemoryHit>> RecallMemoriesAsync(
        string userId, string query, int? k = null, string? agentId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var url = new QueryString(MemoriesPath(userId) + "/recall").Add("q", query).Add("k", k).Add("agentId", agentId);
        return SendAsync(HttpMethod.Get, url.ToString(), content: null, MemoryJsonContext.Default.IReadOnlyListMemoryHit, cancellationToken);
    }

    public Task<MemoryExtractionResult> ExtractMemoriesAsync(
        string userId, string sessionId, long? fromSeq = null, string? agentId = null, CancellationToken cancellationToken = default)
    {
        var request = new MemoryExtractionRequest { SessionId = ClientIds.Require(sessionId, "session id"), FromSeq = fromSeq, AgentId = agentId };
        return SendAsync(HttpMethod.Post, MemoriesPath(userId) + "/extract", Json(request, MemoryJsonContext.Default.MemoryExtractionRequest),
            MemoryJsonContext.Default.MemoryExtractionResult, cancellationToken);
    }

    private static string MemoriesPath(string userId) => User(userId) + "/memories";

    /// <summary>The memory's path; its id is checked here (memory-id-form), so a hostile one never becomes part of a URL.</summary>
    private static string MemoryPath(string userId, string memoryId) => $"{MemoriesPath(userId)}/{ChatGrainKeys.MemoryId(memoryId)}";
}

using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;

namespace ChatDb.Client;

public sealed partial class ChatDbClient
{
    // === Memories ===

    public Task<Memory> AddMemoryAsync(string userId, NewMemory memory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memory);
        return Memories(userId).AddAsync(memory).WaitAsync(cancellationToken);
    }

    public Task<Memory?> GetMemoryAsync(string userId, string memoryId, CancellationToken cancellationToken = default) =>
        Memories(userId).GetAsync(ChatGrainKeys.MemoryId(memoryId)).WaitAsync(cancellationToken);

    public Task<Memory> UpdateMemoryAsync(string userId, string memoryId, MemoryPatch patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return Memories(userId).UpdateAsync(ChatGrainKeys.MemoryId(memoryId), patch).WaitAsync(cancellationToken);
    }

    public Task<bool> DeleteMemoryAsync(string userId, string memoryId, CancellationToken cancellationToken = default) =>
        Memories(userId).DeleteAsync(ChatGrainKeys.MemoryId(memoryId)).WaitAsync(cancellationToken);

    public Task<IReadOnlyList<Memory>> ListMemoriesAsync(string userId, MemoryQuery? query = null, CancellationToken cancellationToken = default) =>
        Memories(userId).ListAsync(query ?? new MemoryQuery()).WaitAsync(cancellationToken);

    public Task<IReadOnlyList<MemoryHit>> RecallMemoriesAsync(
        string userId, string query, int? k = null, string? agentId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Memories(userId).RecallAsync(new MemoryRecallQuery { Query = query, K = k, AgentId = agentId }).WaitAsync(cancellationToken);
    }

    public Task<MemoryExtractionResult> ExtractMemoriesAsync(
        string userId, string sessionId, long? fromSeq = null, string? agentId = null, CancellationToken cancellationToken = default)
    {
        var grain = Memories(userId);
        // Checked here too, so a hostile session id never activates the user's memory grain.
        var session = EntityIdValidator.Validate(ClientIds.Require(sessionId, "session id"), "session id");
        return grain.ExtractAsync(new MemoryExtractionRequest { SessionId = session, FromSeq = fromSeq, AgentId = agentId }).WaitAsync(cancellationToken);
    }

    /// <summary>The user's memory grain; the user id is checked here, so a hostile one activates nothing.</summary>
    private IMemoryGrain Memories(string userId) =>
        _client.GetGrain<IMemoryGrain>(ChatGrainKeys.Memory(EntityIdValidator.Validate(ClientIds.Require(userId, "user id"), "user id")));
}

using ChatDb.Grains.Models;
using ChatDb.Storage.Keys;
using Orleans;
using Orleans.Concurrency;

namespace ChatDb.Grains;

/// <summary>
/// A user's long-term memories (key <c>{userId}</c>, <see cref="ChatGrainKeys.Memory"/>; docs/MEMORY.md): shared by every
/// agent and session of the user, deleted with the user. A memory may name an agent to belong to it alone.
/// </summary>
public interface IMemoryGrain : IGrainWithStringKey
{
    /// <summary>Adds a memory. Text empty or over <see cref="Memory.MaxTextChars"/>, importance outside 0..1, or a bad agent id is refused.</summary>
    Task<Memory> AddAsync(NewMemory memory);

    /// <summary>Changes the fields <paramref name="patch"/> gives; NotFoundError for an unknown id.</summary>
    Task<Memory> UpdateAsync(string memoryId, MemoryPatch patch);

    /// <summary>Removes the memory; false when there was none.</summary>
    Task<bool> DeleteAsync(string memoryId);

    /// <summary>The memory (expired ones too), or null.</summary>
    [ReadOnly]
    Task<Memory?> GetAsync(string memoryId);

    /// <summary>The memories matching <paramref name="query"/>, oldest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<Memory>> ListAsync(MemoryQuery query);

    /// <summary>The memories that best answer the query, best first; never an expired one.</summary>
    [ReadOnly]
    Task<IReadOnlyList<MemoryHit>> RecallAsync(MemoryRecallQuery query);

    /// <summary>
    /// Reads the session's messages from <see cref="MemoryExtractionRequest.FromSeq"/>, asks the extraction model for
    /// ADD / UPDATE / DELETE / NOOP against the existing memories, and applies them in one log append.
    /// </summary>
    Task<MemoryExtractionResult> ExtractAsync(MemoryExtractionRequest request);

    /// <summary>
    /// As <see cref="ExtractAsync"/>, over the messages of panel <paramref name="panelId"/> from <paramref name="fromSeq"/>:
    /// what a panel run does after the turn of an agent of this user that extracts (docs/MULTI_AGENT.md, "Memory and tools").
    /// </summary>
    Task<MemoryExtractionResult> ExtractFromPanelAsync(string panelId, long fromSeq);

    /// <summary>Applies proposals as an extraction does (for callers with their own extractor, and for tests).</summary>
    Task<MemoryExtractionResult> ApplyAsync(IReadOnlyList<MemoryProposal> proposals, MemorySource source, string? agentId);

    /// <summary>Removes every memory and the stored files; returns how many memories there were.</summary>
    Task<int> DeleteAllAsync();
}

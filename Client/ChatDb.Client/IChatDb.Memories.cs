using ChatDb.Grains.Models;

namespace ChatDb.Client;

/// <summary>A user's long-term memories (docs/MEMORY.md): short facts shared by every agent and session of the user.</summary>
public partial interface IChatDb
{
    /// <summary>Adds a memory; text empty or over <see cref="Memory.MaxTextChars"/> characters, or importance outside 0..1, is refused.</summary>
    Task<Memory> AddMemoryAsync(string userId, NewMemory memory, CancellationToken cancellationToken = default);

    /// <summary>The memory (an expired one too), or null when the user has none with that id.</summary>
    Task<Memory?> GetMemoryAsync(string userId, string memoryId, CancellationToken cancellationToken = default);

    /// <summary>Changes the fields <paramref name="patch"/> gives; NotFoundError for an unknown memory.</summary>
    Task<Memory> UpdateMemoryAsync(string userId, string memoryId, MemoryPatch patch, CancellationToken cancellationToken = default);

    /// <summary>Removes the memory; false when the user had none with that id.</summary>
    Task<bool> DeleteMemoryAsync(string userId, string memoryId, CancellationToken cancellationToken = default);

    /// <summary>The user's memories matching <paramref name="query"/> (agent scope, expired ones, page), oldest first.</summary>
    Task<IReadOnlyList<Memory>> ListMemoriesAsync(string userId, MemoryQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The <paramref name="k"/> memories (default 5, at most 100) that best answer <paramref name="query"/>, best first, by words
    /// and by meaning; never an expired one. <paramref name="agentId"/> keeps that agent's memories and the unscoped ones.
    /// </summary>
    Task<IReadOnlyList<MemoryHit>> RecallMemoriesAsync(
        string userId, string query, int? k = null, string? agentId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the session's messages from <paramref name="fromSeq"/> (all when null), has the configured extractor propose
    /// changes to the user's memories and applies them together; answers what was added, updated and deleted.
    /// </summary>
    Task<MemoryExtractionResult> ExtractMemoriesAsync(
        string userId, string sessionId, long? fromSeq = null, string? agentId = null, CancellationToken cancellationToken = default);
}

using ChatDb.Grains.Models;

namespace ChatDb.Grains.Memories;

/// <summary>Proposes changes to a user's memories from new messages of a session (docs/MEMORY.md, "Extraction").</summary>
internal interface IMemoryExtractor
{
    /// <param name="messages">The new messages, oldest first.</param>
    /// <param name="existing">The live memories the proposals may name.</param>
    /// <param name="cancellationToken">Ends a model call.</param>
    Task<IReadOnlyList<MemoryProposal>> ProposeAsync(IReadOnlyList<ChatMessage> messages, IReadOnlyList<Memory> existing, CancellationToken cancellationToken);
}

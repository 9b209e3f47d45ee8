using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>The operations an extraction may propose.</summary>
public static class MemoryProposalOps
{
    public const string Add = "ADD";

    public const string Update = "UPDATE";

    public const string Delete = "DELETE";

    public const string Noop = "NOOP";
}

/// <summary>
/// One operation an extractor proposes against the existing memories (docs/MEMORY.md, "Extraction"): ADD a new fact,
/// UPDATE memory <see cref="Id"/> to <see cref="Text"/>, DELETE memory <see cref="Id"/>, or NOOP.
/// </summary>
/// <param name="Op">ADD, UPDATE, DELETE or NOOP (<see cref="MemoryProposalOps"/>), in any case.</param>
/// <param name="Id">The memory an UPDATE or DELETE names.</param>
/// <param name="Text">The fact of an ADD, the new text of an UPDATE.</param>
/// <param name="Importance">0 to 1, optional on ADD and UPDATE.</param>
/// <param name="Seqs">The seqs of the messages the proposal comes from; every message read when null.</param>
[Immutable]
public sealed record MemoryProposal(string Op, string? Id = null, string? Text = null, double? Importance = null, IReadOnlyList<long>? Seqs = null);

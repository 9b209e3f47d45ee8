using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Memories;

/// <summary>
/// Turns proposals (ADD / UPDATE / DELETE / NOOP) into the changes they make, all checked before any is applied. Made so
/// that applying the same proposals again changes nothing: an ADD of a text the memories already hold, an UPDATE to the
/// text a memory already has, and an UPDATE or DELETE of a memory that does not exist (any more) are no-ops.
/// </summary>
internal static class MemoryProposals
{
    /// <param name="current">Every memory the proposals may name (the caller's scope), live ones only.</param>
    /// <param name="source">The session the proposals were read from; each change gets its own seqs when the proposal names them.</param>
    /// <param name="proposals">The operations, applied in order.</param>
    /// <param name="agentId">The agent an added memory belongs to; null: every agent.</param>
    /// <param name="now">The time of the changes.</param>
    /// <param name="newId">Makes the id of an added memory.</param>
    /// <param name="subject">Names the memories in errors.</param>
    /// <exception cref="ValidationError">An unknown operation, a missing or oversize text, or a malformed id; nothing is applied.</exception>
    public static IReadOnlyList<MemoryChange> Plan(
        IReadOnlyList<Memory> current, IReadOnlyList<MemoryProposal> proposals, MemorySource source, string? agentId, DateTimeOffset now, Func<string> newId, string subject)
    {
        var working = current.ToDictionary(m => m.Id, StringComparer.Ordinal);
        var original = current.ToDictionary(m => m.Id, StringComparer.Ordinal);

        // One change per memory: a later proposal about a memory folds into the change an earlier one made.
        var changes = new Dictionary<string, MemoryChange>(StringComparer.Ordinal);
        // Updates and deletions name existing memories, additions bring new ones, so they commute; the additions go last so
        // that each is compared with the memories as the set leaves them, which is what makes a second application a no-op.
        var order = Enumerable.Range(0, proposals.Count)
            .OrderBy(i => string.Equals(proposals[i]?.Op, MemoryProposalOps.Add, StringComparison.OrdinalIgnoreCase) ? 1 : 0)
            .ToList();
        foreach (var i in order)
        {
            var proposal = proposals[i] ?? throw new ValidationError($"{subject}: proposal {i + 1} is null.");
            var where = $"{subject}: proposal {i + 1} ({IdText.Escape(proposal.Op ?? "null")})";
            var changeSource = proposal.Seqs is { Count: > 0 } seqs ? MemoryRules.Source(source with { Seqs = seqs }, where) : source;
            switch (proposal.Op?.ToUpperInvariant())
            {
                case MemoryProposalOps.Add:
                    var text = MemoryRules.Text(proposal.Text, where);
                    if (working.Values.Any(m => MemoryRules.Comparable(m.Text) == MemoryRules.Comparable(text)))
                    {
                        break;
                    }

                    var added = new Memory(newId(), text, changeSource, agentId, now, now, null, MemoryRules.Importance(proposal.Importance, where));
                    working[added.Id] = added;
                    changes[added.Id] = new MemoryChange(MemoryChangeKinds.Add, added, changeSource, now);
                    break;

                case MemoryProposalOps.Update:
                    var id = ChatGrainKeys.MemoryId(proposal.Id);
                    var newText = MemoryRules.Text(proposal.Text, where);
                    if (!working.TryGetValue(id, out var before))
                    {
                        // Gone since the proposal was made (or deleted by an earlier one): nothing left to update.
                        break;
                    }

                    var importance = proposal.Importance is null ? before.Importance : MemoryRules.Importance(proposal.Importance, where);
                    if (MemoryRules.Comparable(before.Text) == MemoryRules.Comparable(newText) && importance == before.Importance)
                    {
                        break;
                    }

                    var updated = before with { Text = newText, Importance = importance, Source = changeSource, UpdatedAt = now };
                    working[id] = updated;
                    var op = changes.TryGetValue(id, out var earlier) && earlier.Op == MemoryChangeKinds.Add ? MemoryChangeKinds.Add : MemoryChangeKinds.Update;
                    changes[id] = new MemoryChange(op, updated, changeSource, now);
                    break;

                case MemoryProposalOps.Delete:
                    var gone = ChatGrainKeys.MemoryId(proposal.Id);
                    if (working.Remove(gone, out _))
                    {
                        if (original.TryGetValue(gone, out var removed))
                        {
                            changes[gone] = new MemoryChange(MemoryChangeKinds.Delete, removed, changeSource, now);
                        }
                        else
                        {
                            // Added by an earlier proposal of the same set: neither happens.
                            changes.Remove(gone);
                        }
                    }

                    break;

                case MemoryProposalOps.Noop:
                    break;

                default:
                    throw new ValidationError(
                        $"{where}: the operation must be one of ADD, UPDATE, DELETE, NOOP (rule: memory-operation); nothing was applied.");
            }
        }

        // An update that ends where the memory started (there and back within the set) is no change.
        return [.. changes.Values.Where(c => c.Op != MemoryChangeKinds.Update || !Same(c.Memory, original[c.Memory.Id]))];
    }

    private static bool Same(Memory a, Memory b) => MemoryRules.Comparable(a.Text) == MemoryRules.Comparable(b.Text) && a.Importance == b.Importance;
}

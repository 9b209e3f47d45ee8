using ChatDb.Grains.Memories;
using ChatDb.Grains.Models;
using FsCheck;
using FsCheck.Fluent;

namespace ChatDb.Grains.Tests.Memories;

/// <summary>Applying the same proposals a second time changes nothing, whatever the proposals.</summary>
public sealed class MemoryProposalPropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private static readonly string[] Ids = ["mem_00000000000000000000000000000001", "mem_00000000000000000000000000000002", "mem_00000000000000000000000000000003"];

    private static readonly string[] Texts = ["User lives in Lisbon", "user lives in lisbon.", "User lives in Porto", "User's daughter is Ana", "User likes tea"];

    private static Gen<MemoryProposal> Proposal() =>
        from op in Gen.Elements(MemoryProposalOps.Add, MemoryProposalOps.Update, MemoryProposalOps.Delete, MemoryProposalOps.Noop)
        from id in Gen.Elements(Ids)
        from text in Gen.Elements(Texts)
        select new MemoryProposal(op, op is MemoryProposalOps.Add or MemoryProposalOps.Noop ? null : id, op is MemoryProposalOps.Delete or MemoryProposalOps.Noop ? null : text);

    private static List<Memory> Initial() =>
    [
        new(Ids[0], "User lives in Lisbon", MemorySource.None, null, Now, Now, null, 0.5),
        new(Ids[1], "User likes coffee", MemorySource.None, null, Now, Now, null, 0.5),
        new(Ids[2], "User's cat is Tom", MemorySource.None, null, Now, Now, null, 0.5),
    ];

    [Fact]
    public void ApplyingTheSameProposalsTwice_TheSecondPlanIsEmpty() =>
        Prop.ForAll(Proposal().ListOf().ToArbitrary(), proposals =>
        {
            var state = Initial();
            var next = 0;
            string NewId() => $"mem_{0xabc00000L + ++next:x32}";
            if (!TryApply(state, [.. proposals], NewId, out var once))
            {
                // A refused set applies nothing, the first time and every time.
                return !TryApply(state, [.. proposals], NewId, out _);
            }

            return MemoryProposals.Plan(once, [.. proposals], MemorySource.None, null, Now, NewId, "test").Count == 0
                && TryApply(once, [.. proposals], NewId, out var twice) && once.SequenceEqual(twice);
        }).QuickCheckThrowOnFailure();

    private static bool TryApply(List<Memory> state, IReadOnlyList<MemoryProposal> proposals, Func<string> newId, out List<Memory> result)
    {
        try
        {
            var changes = MemoryProposals.Plan(state, proposals, MemorySource.None, null, Now, newId, "test");
            result = [.. state];
            foreach (var change in changes)
            {
                result.RemoveAll(m => m.Id == change.Memory.Id);
                if (change.Op != MemoryChangeKinds.Delete)
                {
                    result.Add(change.Memory);
                }
            }

            result.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
            return true;
        }
        catch (ChatDb.Storage.ValidationError)
        {
            result = state;
            return false;
        }
    }
}

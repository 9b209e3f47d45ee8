using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>The kinds of <see cref="MemoryChange"/>.</summary>
public static class MemoryChangeKinds
{
    public const string Add = "add";

    public const string Update = "update";

    public const string Delete = "delete";
}

/// <summary>
/// One record of a user's memory change log (<c>users/{u}/memory/changes.jsonl</c>): the memory as it is after the
/// change (as it was, for a delete), and the source of the change.
/// </summary>
/// <param name="Op">add, update or delete (<see cref="MemoryChangeKinds"/>).</param>
/// <param name="Memory">The memory after the change; before it, for a delete.</param>
/// <param name="Source">What caused the change: the session and seqs an extraction read; none for a direct change.</param>
/// <param name="At">When the change was made.</param>
[Immutable]
public sealed record MemoryChange(string Op, Memory Memory, MemorySource Source, DateTimeOffset At);

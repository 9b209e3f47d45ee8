using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// How an agent uses the user's long-term memories (docs/AGENTS.md, "Memory"): how many it recalls into each prompt,
/// and whether a successful run extracts new ones from its messages.
/// </summary>
[Immutable]
public sealed record AgentMemorySettings
{
    /// <summary>The most memories one prompt may recall (the memory grain's <see cref="MemoryRecallQuery.MaxK"/>).</summary>
    public const int MaxRecall = MemoryRecallQuery.MaxK;

    /// <summary>Memories off: nothing recalled, nothing extracted.</summary>
    public static AgentMemorySettings Off { get; } = new();

    /// <summary>
    /// How many of the user's memories to recall for the input and add to the prompt, best first, 0 to
    /// <see cref="MaxRecall"/>; 0 (the default) recalls none.
    /// </summary>
    public int Recall { get; init; }

    /// <summary>Whether a run that succeeds extracts memories from its messages (the input and what the run appended).</summary>
    public bool Extract { get; init; }
}

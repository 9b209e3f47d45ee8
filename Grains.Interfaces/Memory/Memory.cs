using System.Text.Json.Serialization;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// One long-term memory of a user (docs/MEMORY.md): a short fact with where it came from. Its embedding stays in the
/// memory grain; the wire shape never carries it.
/// </summary>
/// <param name="Id">The memory id, <c>mem_</c> and 32 hex digits.</param>
/// <param name="Text">The fact, at most <see cref="MaxTextChars"/> characters.</param>
/// <param name="Source">The session and message seqs it was taken from; empty for a memory added by hand.</param>
/// <param name="AgentId">When set, the memory belongs to that agent of the user only; null: every agent's.</param>
/// <param name="CreatedAt">When the memory was added.</param>
/// <param name="UpdatedAt">When it last changed; recall's recency counts from here.</param>
/// <param name="Importance">0 to 1; weighs recall.</param>
/// <param name="ExpiresAt">After this instant the memory is never listed (unless asked) nor recalled.</param>
[Immutable]
public sealed record Memory(
    string Id,
    string Text,
    MemorySource Source,
    string? AgentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ExpiresAt,
    double Importance)
{
    /// <summary>The longest text of a memory, in characters.</summary>
    public const int MaxTextChars = 2_000;

    /// <summary>The importance of a memory that was given none.</summary>
    public const double DefaultImportance = 0.5;

    /// <summary>Whether the memory has expired at <paramref name="now"/>.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is { } expires && expires <= now;
}

/// <summary>
/// Where a memory came from: a session of the user (or, extracted after an agent's turn in a panel run, the panel) and the
/// seqs of its messages. All empty when added by hand.
/// </summary>
[Immutable]
public sealed record MemorySource(string? SessionId, IReadOnlyList<long> Seqs)
{
    /// <summary>The panel the messages are in, when they are a panel's (then <see cref="SessionId"/> is null).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PanelId { get; init; }

    /// <summary>Equal when the session (or panel) and the seqs are.</summary>
    public bool Equals(MemorySource? other) =>
        other is not null && SessionId == other.SessionId && PanelId == other.PanelId && (Seqs ?? []).SequenceEqual(other.Seqs ?? []);

    public override int GetHashCode() => HashCode.Combine(SessionId, PanelId, Seqs?.Count ?? 0);

    /// <summary>No source: the memory was added or changed directly.</summary>
    public static MemorySource None { get; } = new(null, []);
}

/// <summary>What <c>POST /users/{u}/memories</c> takes.</summary>
[Immutable]
public sealed record NewMemory
{
    public required string Text { get; init; }

    /// <summary>0 to 1; <see cref="Memory.DefaultImportance"/> when null.</summary>
    public double? Importance { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Scopes the memory to one of the user's agents.</summary>
    public string? AgentId { get; init; }

    /// <summary>Where the memory came from; none when null.</summary>
    public MemorySource? Source { get; init; }
}

/// <summary>What <c>PATCH /users/{u}/memories/{id}</c> takes: only the fields given change.</summary>
[Immutable]
public sealed record MemoryPatch
{
    public string? Text { get; init; }

    public double? Importance { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>True: the memory no longer expires (an <see cref="ExpiresAt"/> given as well is refused).</summary>
    public bool? ClearExpiry { get; init; }
}

/// <summary>Filters and page of a list of memories (oldest first).</summary>
[Immutable]
public sealed record MemoryQuery
{
    public const int DefaultLimit = 100;

    public const int MaxLimit = 1_000;

    /// <summary>Only the memories of this agent and the user's unscoped ones; null: every memory.</summary>
    public string? AgentId { get; init; }

    /// <summary>Also the memories whose <see cref="Memory.ExpiresAt"/> has passed.</summary>
    public bool IncludeExpired { get; init; }

    public int Offset { get; init; }

    /// <summary>1 to <see cref="MaxLimit"/>; <see cref="DefaultLimit"/> when null.</summary>
    public int? Limit { get; init; }
}

/// <summary>A recall: the <see cref="K"/> memories that best answer <see cref="Query"/>.</summary>
[Immutable]
public sealed record MemoryRecallQuery
{
    public const int DefaultK = 5;

    public const int MaxK = 100;

    public required string Query { get; init; }

    /// <summary>1 to <see cref="MaxK"/>; <see cref="DefaultK"/> when null.</summary>
    public int? K { get; init; }

    /// <summary>Only the memories of this agent and the user's unscoped ones; null: every memory.</summary>
    public string? AgentId { get; init; }
}

/// <summary>A recalled memory and its score (higher is better; only the order is meaningful).</summary>
[Immutable]
public sealed record MemoryHit(Memory Memory, double Score);

/// <summary>What <c>POST /users/{u}/memories/extract</c> takes.</summary>
[Immutable]
public sealed record MemoryExtractionRequest
{
    public required string SessionId { get; init; }

    /// <summary>The first message seq to read; every message of the session when null.</summary>
    public long? FromSeq { get; init; }

    /// <summary>Scopes the memories added to one agent of the user, and compares against its memories and the unscoped ones.</summary>
    public string? AgentId { get; init; }
}

/// <summary>What an extraction changed, each memory as it is now (the deleted ones as they were).</summary>
[Immutable]
public sealed record MemoryExtractionResult(IReadOnlyList<Memory> Added, IReadOnlyList<Memory> Updated, IReadOnlyList<Memory> Deleted)
{
    [JsonIgnore]
    public bool IsEmpty => Added.Count == 0 && Updated.Count == 0 && Deleted.Count == 0;
}

using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// Which messages to read; results are always oldest first. Filters narrow the messages first:
/// <see cref="AfterSeq"/> and <see cref="BeforeSeq"/> are exclusive cursors, <see cref="From"/> is
/// inclusive and <see cref="To"/> exclusive. Then the page is cut: <see cref="Offset"/> messages are
/// skipped and at most <see cref="Limit"/> returned, counted from the oldest matching message, or from
/// the newest one when <see cref="Latest"/> is set (e.g. "the 50 messages before seq 900").
/// </summary>
[Immutable]
public sealed record MessageQuery
{
    /// <summary>All messages from the start, one default-sized page.</summary>
    public static MessageQuery Default { get; } = new();

    /// <summary>At most this many; <c>Storage:MessagePaginationDefaultLimit</c> when null.</summary>
    public int? Limit { get; init; }

    public int? Offset { get; init; }

    /// <summary>Only messages with a smaller sequence number.</summary>
    public long? BeforeSeq { get; init; }

    /// <summary>Only messages with a greater sequence number.</summary>
    public long? AfterSeq { get; init; }

    /// <summary>Only messages with a timestamp at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only messages with a timestamp before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Take the page from the newest end (offset counts back from the newest match).</summary>
    public bool Latest { get; init; }

    /// <summary>
    /// Only messages whose metadata has every one of these keys with this value (a string equal to it, or
    /// a number or boolean whose JSON text equals it). Names are compared exactly.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>
    /// The newest messages whose token counts sum to at most this many, oldest first; empty when the newest
    /// alone is larger. Taken alone: no other paging or filter field may be set with it.
    /// </summary>
    public int? FitTokens { get; init; }

    /// <summary>Include <see cref="ChatMessage.History"/> (every version) on edited messages.</summary>
    public bool IncludeHistory { get; init; }
}

using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// A fork of a session: a new session of the same user holding the messages 1..<see cref="AtSeq"/>.
/// </summary>
[Immutable]
public sealed record ForkRequest
{
    /// <summary>The last message to copy (1..the session's last seq); the last message when null.</summary>
    public long? AtSeq { get; init; }

    /// <summary>The fork's title; the origin's title when null.</summary>
    public string? Title { get; init; }
}

using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>One end of a fork: the other session and the last message seq the fork copied.</summary>
/// <param name="SessionId">The origin (in <see cref="ChatSession.ForkedFrom"/>) or the fork (in <see cref="ChatSession.Forks"/>); same user.</param>
/// <param name="AtSeq">The fork holds the origin's messages 1..AtSeq.</param>
[Immutable]
public sealed record ForkLink(string SessionId, long AtSeq);

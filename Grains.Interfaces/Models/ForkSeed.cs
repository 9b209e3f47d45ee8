using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// What a new fork starts with, sent by the origin session to the fork (<see cref="ISessionGrain.SeedForkAsync"/>):
/// the current versions of the messages 1..AtSeq (deleted and redacted ones as empty records), the deletions and
/// redactions to carry over, the situational context and the documents the messages refer to.
/// </summary>
[Immutable]
public sealed record ForkSeed(
    ForkLink Origin,
    IReadOnlyList<ChatMessage> Messages,
    IReadOnlyList<MessageEdit> Removals,
    SituationalContext? Context,
    IReadOnlyList<ForkDocument> Documents);

/// <summary>A document the fork gets a copy of.</summary>
[Immutable]
public sealed record ForkDocument(DocumentInfo Info, byte[] Content);

using ChatDb.Storage.Logs;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// What a new fork starts with, sent by the origin session to the fork (<see cref="ISessionGrain.SeedForkAsync"/>):
/// the current versions of the messages 1..AtSeq (deleted and redacted ones as empty records) as an image of the
/// origin's message log (its stored bytes, only the edited and removed messages serialised anew), the deletions
/// and redactions to carry over, the situational context and the documents the messages refer to.
/// </summary>
[Immutable]
public sealed record ForkSeed(
    ForkLink Origin,
    LogImage Messages,
    IReadOnlyList<MessageEdit> Removals,
    SituationalContext? Context,
    IReadOnlyList<ForkDocument> Documents);

/// <summary>A document the fork gets a copy of.</summary>
[Immutable]
public sealed record ForkDocument(DocumentInfo Info, byte[] Content);

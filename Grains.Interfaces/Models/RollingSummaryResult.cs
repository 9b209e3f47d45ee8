using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// What one rolling-summary pass did: <paramref name="Summarized"/> is false when there was nothing old enough to
/// summarize (or a newer context came in meanwhile); <paramref name="Context"/> is the session's context afterwards.
/// </summary>
/// <param name="Summarized">True when a new summary became the session's context.</param>
/// <param name="ThroughSeq">The last message seq the current summary covers; null when no summary exists.</param>
/// <param name="Messages">How many messages this pass folded into the summary.</param>
/// <param name="Context">The session's context after the pass; null when it has none.</param>
[Immutable]
public sealed record RollingSummaryResult(bool Summarized, long? ThroughSeq, int Messages, SituationalContext? Context);

using System.Text.Json.Serialization;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// A snapshot of what a conversation is about (docs/STORAGE.md §3), stored as <c>situational_context.json</c>
/// (the current one) and in <c>context_history/</c> (earlier ones).
/// </summary>
/// <param name="Summary">Context summary (at most <c>Storage:ContextSummaryMaxLength</c> characters).</param>
/// <param name="KeyPoints">Important points (at most <c>Storage:ContextKeyPointsMaxCount</c>).</param>
/// <param name="Entities">Extracted entities by kind, e.g. <c>"people": ["Ada"]</c>.</param>
/// <param name="Timestamp">When the context was captured, UTC.</param>
/// <param name="Confidence">Confidence score between 0 and 1.</param>
[Immutable]
public sealed record SituationalContext(
    string Summary,
    IReadOnlyList<string> KeyPoints,
    Dictionary<string, List<string>> Entities,
    DateTimeOffset Timestamp,
    double Confidence)
{
    /// <summary>
    /// Set on a rolling summary (docs/MEMORY.md, "Rolling summary"): the last message seq the summary covers. Null on a
    /// context a client set, which makes the next rolling summary start from the session's first message.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? SummarizedThroughSeq { get; init; }
}

namespace ChatDb.Silo.Api.Contracts;

/// <summary>
/// Body of <c>PUT .../context</c> and <c>POST .../context/snapshots</c>: a situational context whose
/// optional parts default (no key points, no entities, the silo's clock).
/// </summary>
public sealed record ContextRequest(
    string? Summary,
    IReadOnlyList<string>? KeyPoints,
    Dictionary<string, List<string>>? Entities,
    DateTimeOffset? Timestamp,
    double? Confidence);

using System.ComponentModel.DataAnnotations;

namespace ChatDb.Silo.Api.Contracts;

/// <summary>
/// Body of <c>PUT .../context</c> and <c>POST .../context/snapshots</c>: a situational context whose
/// optional parts default (no key points, no entities, the silo's clock). Summary and confidence are required
/// (<c>[Required]</c> tells the OpenAPI document), nullable so that a missing one gets the handler's message.
/// </summary>
public sealed record ContextRequest(
    [property: Required] string? Summary,
    IReadOnlyList<string>? KeyPoints,
    Dictionary<string, List<string>>? Entities,
    DateTimeOffset? Timestamp,
    [property: Required] double? Confidence);

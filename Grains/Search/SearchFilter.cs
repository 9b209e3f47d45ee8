namespace ChatDb.Grains.Search;

/// <summary>
/// Narrows a search; every set field must match. <see cref="From"/> is inclusive, <see cref="To"/>
/// exclusive. <see cref="Role"/> and <see cref="SessionId"/> compare exactly; <see cref="Entity"/>
/// is folded like text ("sao paulo" finds "São Paulo") and matches sessions whose situational
/// context lists it. <see cref="Metadata"/> keys must all be present with their values (<c>MetadataMatch</c>).
/// </summary>
public sealed record SearchFilter(
    string? SessionId = null,
    string? Role = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Entity = null,
    IReadOnlyDictionary<string, string>? Metadata = null)
{
    public static SearchFilter None { get; } = new();

    public bool IsEmpty => SessionId is null && Role is null && From is null && To is null && Entity is null && Internal.MetadataMatch.IsEmpty(Metadata);
}

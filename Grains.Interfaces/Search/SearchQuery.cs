using Orleans;

namespace ChatDb.Grains.Search;

/// <summary>
/// A search over one user's messages (<see cref="ISearchGrain"/>). <see cref="Q"/> uses the query
/// syntax of docs/SEARCH.md (words ANDed, "quoted phrases", OR). <see cref="Mode"/> null means hybrid
/// when vectors exist, full-text otherwise. <see cref="From"/> is inclusive, <see cref="To"/>
/// exclusive; <see cref="Entity"/> matches sessions whose situational context lists it (folded).
/// <see cref="Limit"/> defaults to 20 (<c>Search:DefaultLimit</c>, docs/SEARCH.md), at most 1000.
/// </summary>
[Immutable]
public sealed record SearchQuery
{
    public required string Q { get; init; }

    public SearchMode? Mode { get; init; }

    public string? SessionId { get; init; }

    public string? Role { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public string? Entity { get; init; }

    public int? Limit { get; init; }

    /// <summary>Only messages whose metadata has each of these keys with this value (as <c>?metadata.key=value</c> on message lists).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

namespace ChatDb.Grains.Search;

/// <summary>
/// A query as the index runs it: every group must match (AND); within a group any phrase may
/// match (OR). <see cref="IgnoredWords"/> are words that produced no term (too short, only
/// punctuation or emoji), reported so callers can say why a word did not count.
/// </summary>
public sealed record ParsedQuery(IReadOnlyList<IReadOnlyList<QueryPhrase>> Groups, IReadOnlyList<string> IgnoredWords)
{
    public bool IsEmpty => Groups.Count == 0;

    /// <summary>Every distinct term of the query, for snippet marking.</summary>
    public IReadOnlySet<string> Terms => Groups.SelectMany(g => g).SelectMany(p => p.Terms).ToHashSet(StringComparer.Ordinal);

    public override string ToString() =>
        string.Join(" AND ", Groups.Select(g => g.Count == 1 ? g[0].ToString() : "(" + string.Join(" OR ", g) + ")"));
}

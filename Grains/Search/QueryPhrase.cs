namespace ChatDb.Grains.Search;

/// <summary>
/// A run of folded terms that must appear at the given relative positions (a single term has one
/// entry at offset 0). Offsets skip the positions of words the tokenizer dropped.
/// </summary>
public sealed record QueryPhrase(IReadOnlyList<string> Terms, IReadOnlyList<int> Offsets)
{
    public bool IsSingleTerm => Terms.Count == 1;

    public override string ToString() => IsSingleTerm ? Terms[0] : "\"" + string.Join(' ', Terms) + "\"";

    public bool Equals(QueryPhrase? other) =>
        other is not null && Terms.SequenceEqual(other.Terms) && Offsets.SequenceEqual(other.Offsets);

    public override int GetHashCode() => string.Join(' ', Terms).GetHashCode(StringComparison.Ordinal);
}

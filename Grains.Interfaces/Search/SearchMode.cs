namespace ChatDb.Grains.Search;

/// <summary>How a search ranks: BM25 only, cosine similarity only, or both fused by reciprocal rank.</summary>
public enum SearchMode
{
    FullText,
    Vector,
    Hybrid,
}

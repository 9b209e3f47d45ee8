namespace ChatDb.Grains.Search;

/// <summary>
/// Okapi BM25 constants. score(D, Q) = Σ_t IDF(t) · f(t,D)·(k1 + 1) / (f(t,D) + k1·(1 − b + b·|D|/avgdl)),
/// IDF(t) = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5)); docs/SEARCH.md, "Ranking".
/// </summary>
public sealed record Bm25Parameters(double K1 = 1.2, double B = 0.75)
{
    public static Bm25Parameters Default { get; } = new();

    /// <summary>The IDF of a term found in <paramref name="docFrequency"/> of <paramref name="documentCount"/> documents.</summary>
    public static double Idf(long documentCount, long docFrequency) =>
        Math.Log(1.0 + (documentCount - docFrequency + 0.5) / (docFrequency + 0.5));
}

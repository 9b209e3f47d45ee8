namespace ChatDb.Grains.Search;

/// <summary>
/// Reciprocal rank fusion (Cormack, Clarke, Büttcher 2009): score(d) = Σ over lists of 1 / (k + rank),
/// rank counted from 1. Only ranks matter, so BM25 and cosine need no common scale.
/// </summary>
internal static class ReciprocalRankFusion
{
    public const int DefaultK = 60;

    /// <summary>Fuses ranked document lists; the result holds every document once with its summed score, unsorted.</summary>
    public static Dictionary<int, double> Fuse(IEnumerable<IReadOnlyList<int>> rankings, int k = DefaultK)
    {
        var fused = new Dictionary<int, double>();
        foreach (var ranking in rankings)
        {
            for (var rank = 0; rank < ranking.Count; rank++)
            {
                fused[ranking[rank]] = fused.GetValueOrDefault(ranking[rank]) + 1.0 / (k + rank + 1);
            }
        }

        return fused;
    }
}

namespace ChatDb.Grains.Search;

/// <summary>
/// Documents where the terms occur at the phrase's relative positions. Scored as one BM25 term
/// whose frequency is the number of phrase occurrences and whose IDF is the sum of the terms' IDFs.
/// </summary>
internal sealed class PhraseCursor : DocCursor
{
    private readonly TermCursor[] _terms;
    private readonly int[] _offsets;
    private readonly TermCursor _lead;
    private readonly DocCursor[] _others;
    private readonly double _idf;
    private readonly Bm25Scorer _scorer;
    private int _frequency;

    public PhraseCursor(TermCursor[] terms, IReadOnlyList<int> offsets, Bm25Scorer scorer)
    {
        _terms = terms;
        _offsets = [.. offsets];
        _scorer = scorer;
        _idf = terms.Sum(t => t.Idf);
        var byCost = terms.Select((t, i) => (t, i)).OrderBy(x => x.t.Cost).ThenBy(x => x.i).Select(x => x.t).ToArray();
        _lead = byCost[0];
        _others = byCost[1..];
    }

    public override long Cost => _lead.Cost;

    public override int NextDoc() => Doc = Matching(_lead.NextDoc());

    public override int Advance(int target) => Doc = Matching(_lead.Advance(target));

    public override double Score() => _scorer.Score(_idf, _frequency, Doc);

    private int Matching(int doc)
    {
        while (true)
        {
            doc = Align(_lead, _others, doc);
            if (doc == NoMoreDocs)
            {
                return doc;
            }

            _frequency = CountOccurrences();
            if (_frequency > 0)
            {
                return doc;
            }

            doc = _lead.NextDoc();
        }
    }

    private int CountOccurrences()
    {
        var count = 0;
        foreach (var start in _terms[0].Positions)
        {
            var found = true;
            for (var i = 1; i < _terms.Length && found; i++)
            {
                found = _terms[i].Positions.BinarySearch(start + _offsets[i]) >= 0;
            }

            count += found ? 1 : 0;
        }

        return count;
    }
}

namespace ChatDb.Grains.Search;

/// <summary>The postings of one term.</summary>
internal sealed class TermCursor(PostingList postings, double idf, Bm25Scorer scorer) : DocCursor
{
    private int _index = -1;

    public override long Cost => postings.Count;

    public double Idf => idf;

    public int Frequency => postings.Frequencies[_index];

    public ReadOnlySpan<int> Positions => postings.PositionsOf(_index);

    public override int NextDoc()
    {
        _index++;
        return Doc = _index < postings.Count ? postings.Documents[_index] : NoMoreDocs;
    }

    public override int Advance(int target)
    {
        if (Doc >= target)
        {
            return Doc;
        }

        _index = postings.SeekIndex(Math.Max(_index, 0), target);
        return Doc = _index < postings.Count ? postings.Documents[_index] : NoMoreDocs;
    }

    public override double Score() => scorer.Score(idf, Frequency, Doc);
}

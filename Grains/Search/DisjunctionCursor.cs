namespace ChatDb.Grains.Search;

/// <summary>Documents any sub-cursor matches (OR); the score sums the sub-cursors that match.</summary>
internal sealed class DisjunctionCursor(IReadOnlyList<DocCursor> cursors) : DocCursor
{
    private readonly DocCursor[] _cursors = [.. cursors];

    public override long Cost => _cursors.Sum(c => c.Cost);

    public override int NextDoc()
    {
        var current = Doc;
        foreach (var cursor in _cursors)
        {
            if (cursor.Doc == current)
            {
                cursor.NextDoc();
            }
        }

        return Doc = Minimum();
    }

    public override int Advance(int target)
    {
        foreach (var cursor in _cursors)
        {
            if (cursor.Doc < target)
            {
                cursor.Advance(target);
            }
        }

        return Doc = Minimum();
    }

    public override double Score()
    {
        var score = 0.0;
        foreach (var cursor in _cursors)
        {
            if (cursor.Doc == Doc)
            {
                score += cursor.Score();
            }
        }

        return score;
    }

    private int Minimum()
    {
        var minimum = NoMoreDocs;
        foreach (var cursor in _cursors)
        {
            minimum = Math.Min(minimum, cursor.Doc);
        }

        return minimum;
    }
}

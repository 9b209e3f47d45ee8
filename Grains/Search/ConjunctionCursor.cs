namespace ChatDb.Grains.Search;

/// <summary>Documents every sub-cursor matches (AND); the score is the sum, in query order.</summary>
internal sealed class ConjunctionCursor : DocCursor
{
    private readonly DocCursor[] _inQueryOrder;
    private readonly DocCursor _lead;
    private readonly DocCursor[] _others;

    public ConjunctionCursor(IReadOnlyList<DocCursor> cursors)
    {
        _inQueryOrder = [.. cursors];
        var byCost = _inQueryOrder.Select((c, i) => (c, i)).OrderBy(x => x.c.Cost).ThenBy(x => x.i).Select(x => x.c).ToArray();
        _lead = byCost[0];
        _others = byCost[1..];
    }

    public override long Cost => _lead.Cost;

    public override int NextDoc() => Doc = Align(_lead, _others, _lead.NextDoc());

    public override int Advance(int target) => Doc = Align(_lead, _others, _lead.Advance(target));

    public override double Score()
    {
        var score = 0.0;
        foreach (var cursor in _inQueryOrder)
        {
            score += cursor.Score();
        }

        return score;
    }
}

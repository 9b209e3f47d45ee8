namespace ChatDb.Grains.Search;

/// <summary>
/// Keeps the best <c>k</c> (document, score) pairs in a bounded min-heap. Equal scores are ordered
/// by a caller-given comparison that does not depend on ordinals (newer message first, then session
/// id, then sequence), so an index rebuilt in another order ranks exactly like the original.
/// </summary>
internal sealed class TopKCollector(int capacity, Comparison<int> tieBreak)
{
    private readonly int[] _documents = new int[capacity];
    private readonly double[] _scores = new double[capacity];
    private int _count;

    public void Collect(int document, double score)
    {
        if (_count < capacity)
        {
            _documents[_count] = document;
            _scores[_count] = score;
            SiftUp(_count++);
        }
        else if (capacity > 0 && Better(document, score, _documents[0], _scores[0]))
        {
            _documents[0] = document;
            _scores[0] = score;
            SiftDown(0);
        }
    }

    /// <summary>The collected pairs, best first.</summary>
    public (int Document, double Score)[] Drain()
    {
        var result = new (int Document, double Score)[_count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (_documents[i], _scores[i]);
        }

        Array.Sort(result, (x, y) => Better(x.Document, x.Score, y.Document, y.Score) ? -1 : Better(y.Document, y.Score, x.Document, x.Score) ? 1 : 0);
        _count = 0;
        return result;
    }

    private bool Better(int document, double score, int otherDocument, double otherScore) =>
        score > otherScore || (score == otherScore && tieBreak(document, otherDocument) < 0);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Better(_documents[parent], _scores[parent], _documents[i], _scores[i]))
            {
                return;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var worst = i;
            var left = 2 * i + 1;
            var right = left + 1;
            if (left < _count && Better(_documents[worst], _scores[worst], _documents[left], _scores[left]))
            {
                worst = left;
            }

            if (right < _count && Better(_documents[worst], _scores[worst], _documents[right], _scores[right]))
            {
                worst = right;
            }

            if (worst == i)
            {
                return;
            }

            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_documents[a], _documents[b]) = (_documents[b], _documents[a]);
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
    }
}

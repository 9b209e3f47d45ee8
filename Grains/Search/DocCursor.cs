namespace ChatDb.Grains.Search;

/// <summary>
/// Walks the documents matching part of a query in increasing ordinal order, Lucene-style:
/// <see cref="NextDoc"/>, <see cref="Advance"/> (first match at or after a target) and the BM25
/// score of the current document. <see cref="Doc"/> is -1 before the start and
/// <see cref="NoMoreDocs"/> at the end.
/// </summary>
internal abstract class DocCursor
{
    public const int NoMoreDocs = int.MaxValue;

    public int Doc { get; protected set; } = -1;

    /// <summary>An upper bound of the matches, used to lead conjunctions with the rarest cursor.</summary>
    public abstract long Cost { get; }

    public abstract int NextDoc();

    public abstract int Advance(int target);

    public abstract double Score();

    /// <summary>
    /// Moves <paramref name="others"/> onto <paramref name="doc"/>, leapfrogging with
    /// <paramref name="lead"/> until all agree; returns the agreed document or <see cref="NoMoreDocs"/>.
    /// </summary>
    protected static int Align(DocCursor lead, DocCursor[] others, int doc)
    {
        var i = 0;
        while (doc != NoMoreDocs && i < others.Length)
        {
            var other = others[i];
            var at = other.Doc < doc ? other.Advance(doc) : other.Doc;
            if (at == doc)
            {
                i++;
                continue;
            }

            doc = lead.Advance(at);
            i = 0;
        }

        return doc;
    }
}

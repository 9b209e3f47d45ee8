namespace ChatDb.Grains.Search;

public sealed partial class FullTextIndex
{
    /// <summary>
    /// Every posting as "term session#seq positions", sorted: a description independent of
    /// ordinals and insertion order, to compare two indexes (rebuilt against incremental).
    /// </summary>
    internal List<string> DescribePostings()
    {
        var lines = new List<string>();
        foreach (var (term, postings) in _terms)
        {
            for (var i = 0; i < postings.Count; i++)
            {
                var doc = postings.Documents[i];
                var session = _sessionsByOrdinal[_documents.Sessions[doc]]!.Id;
                lines.Add($"{term} {session}#{_documents.Messages[doc]!.Seq} {string.Join(',', postings.PositionsOf(i).ToArray())}");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Number of postings of documents of <paramref name="sessionId"/> still present (0 after removal).</summary>
    internal int PostingsOfSession(string sessionId)
    {
        var count = 0;
        foreach (var postings in _terms.Values)
        {
            for (var i = 0; i < postings.Count; i++)
            {
                var ordinal = _documents.Sessions[postings.Documents[i]];
                if (ordinal < 0 || _sessionsByOrdinal[ordinal] is null || _sessionsByOrdinal[ordinal]!.Id == sessionId)
                {
                    count++;
                }
            }
        }

        return count;
    }
}

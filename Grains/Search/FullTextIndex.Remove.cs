namespace ChatDb.Grains.Search;

public sealed partial class FullTextIndex
{
    /// <summary>Free slots tolerated before the document table is compacted.</summary>
    private const int CompactionThreshold = 4096;

    /// <summary>
    /// Removes a session's messages and entities. Postings are removed at once (the session's
    /// documents are re-tokenized from their stored text to find their terms), so statistics and
    /// results never see them again; only the document slots wait for compaction.
    /// </summary>
    public bool RemoveSession(string sessionId)
    {
        if (!_sessions.Remove(sessionId, out var session))
        {
            return false;
        }

        _sessionsByOrdinal[session.Ordinal] = null;
        if (session.Documents.Count > 0)
        {
            RemovePostings(session.Documents);
            foreach (var document in session.Documents)
            {
                _documents.Free(document);
            }
        }

        if (_documents.FreeCount > CompactionThreshold && _documents.FreeCount > _documents.LiveCount)
        {
            Compact();
        }

        return true;
    }

    /// <summary>Moves live documents to the front and renumbers postings and sessions (order kept).</summary>
    internal void Compact()
    {
        var map = _documents.Compact();
        foreach (var postings in _terms.Values)
        {
            postings.Renumber(map);
        }

        foreach (var session in _sessions.Values)
        {
            for (var i = 0; i < session.Documents.Count; i++)
            {
                session.Documents[i] = map[session.Documents[i]];
            }
        }
    }

    private void RemovePostings(List<int> documents)
    {
        var removed = new bool[_documents.Count];
        foreach (var document in documents)
        {
            removed[document] = true;
        }

        var affected = new Dictionary<PostingList, string>(ReferenceEqualityComparer.Instance);
        foreach (var document in documents)
        {
            foreach (var token in Tokenizer.Tokenize(_documents.Messages[document]!.Content))
            {
                if (_termLookup.TryGetValue(token.Term, out var term, out var postings))
                {
                    affected.TryAdd(postings, term);
                }
            }
        }

        foreach (var (postings, term) in affected)
        {
            postings.RemoveDocuments(document => removed[document]);
            if (postings.Count == 0)
            {
                _terms.Remove(term);
            }
        }
    }
}

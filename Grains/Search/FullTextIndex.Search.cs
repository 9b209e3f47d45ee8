using ChatDb.Storage;

namespace ChatDb.Grains.Search;

public sealed partial class FullTextIndex
{
    /// <summary>Largest number of results one search returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Parses <paramref name="query"/> (see <see cref="QueryParser"/>) and returns the best matches, best first.</summary>
    public IReadOnlyList<SearchHit> Search(string query, SearchFilter? filter = null, int limit = 20, SnippetOptions? snippet = null) =>
        Search(QueryParser.Parse(query, Tokenizer), filter, limit, snippet);

    public IReadOnlyList<SearchHit> Search(ParsedQuery query, SearchFilter? filter = null, int limit = 20, SnippetOptions? snippet = null)
    {
        var ranked = Rank(query, filter, limit);
        var terms = query.Terms;
        return [.. ranked.Select(r => Hit(r.Document, r.Score, terms, snippet))];
    }

    /// <summary>The top documents by BM25, best first; ties broken independently of ordinals.</summary>
    internal (int Document, double Score)[] Rank(ParsedQuery query, SearchFilter? filter, int limit)
    {
        ValidateLimit(limit);
        var documentFilter = ResolveFilter(filter);
        if (query.IsEmpty || _documents.LiveCount == 0 || documentFilter is { MatchesNothing: true })
        {
            return [];
        }

        var scorer = new Bm25Scorer(Bm25, _documents.LiveCount, _documents.TotalLength, _documents.Lengths);
        var root = BuildCursor(query, scorer);
        if (root is null)
        {
            return [];
        }

        var collector = new TopKCollector(limit, CompareForTies);
        for (var doc = root.NextDoc(); doc != DocCursor.NoMoreDocs; doc = root.NextDoc())
        {
            if (documentFilter is null || documentFilter.Matches(doc))
            {
                collector.Collect(doc, root.Score());
            }
        }

        return collector.Drain();
    }

    internal SearchHit Hit(int document, double score, IReadOnlySet<string> terms, SnippetOptions? snippet)
    {
        var message = _documents.Messages[document]!;
        var session = _sessionsByOrdinal[_documents.Sessions[document]]!;
        var text = SnippetBuilder.Build(message.Content, terms, Tokenizer, snippet ?? SnippetOptions.Default);
        return new SearchHit(session.Id, message, score, text);
    }

    /// <summary>Null when the filter is empty; a matches-nothing filter when it names something unknown.</summary>
    internal DocumentFilter? ResolveFilter(SearchFilter? filter)
    {
        if (filter is null || filter.IsEmpty)
        {
            return null;
        }

        bool[]? sessions = null;
        if (filter.SessionId is not null)
        {
            if (!_sessions.TryGetValue(filter.SessionId, out var session))
            {
                return DocumentFilter.Nothing(_documents);
            }

            sessions = new bool[_sessionsByOrdinal.Count];
            sessions[session.Ordinal] = true;
        }

        if (filter.Entity is not null)
        {
            var entity = Tokenizer.FoldName(filter.Entity);
            var withEntity = new bool[_sessionsByOrdinal.Count];
            var any = false;
            foreach (var session in _sessions.Values)
            {
                var allowed = session.Entities.Contains(entity) && (sessions is null || sessions[session.Ordinal]);
                withEntity[session.Ordinal] = allowed;
                any |= allowed;
            }

            if (!any)
            {
                return DocumentFilter.Nothing(_documents);
            }

            sessions = withEntity;
        }

        var role = -1;
        if (filter.Role is not null && !_roles.TryGetValue(filter.Role, out role))
        {
            return DocumentFilter.Nothing(_documents);
        }

        var from = filter.From?.UtcTicks ?? long.MinValue;
        var to = filter.To?.UtcTicks ?? long.MaxValue;
        return from >= to ? DocumentFilter.Nothing(_documents) : new DocumentFilter(_documents, sessions, role, from, to, filter.Metadata);
    }

    /// <summary>Finds the document of a message by its key; used to join vector results.</summary>
    internal bool TryFindDocument(string sessionId, long seq, out int document)
    {
        document = -1;
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            return false;
        }

        var documents = session.Documents;
        int low = 0, high = documents.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var found = _documents.Messages[documents[middle]]!.Seq;
            if (found == seq)
            {
                document = documents[middle];
                return true;
            }

            if (found < seq)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return false;
    }

    /// <summary>Among equal scores: newer message first, then session id, then higher sequence.</summary>
    internal int CompareForTies(int a, int b)
    {
        var byTime = _documents.UtcTicks[b].CompareTo(_documents.UtcTicks[a]);
        if (byTime != 0)
        {
            return byTime;
        }

        var bySession = string.CompareOrdinal(
            _sessionsByOrdinal[_documents.Sessions[a]]!.Id, _sessionsByOrdinal[_documents.Sessions[b]]!.Id);
        return bySession != 0 ? bySession : _documents.Messages[b]!.Seq.CompareTo(_documents.Messages[a]!.Seq);
    }

    internal static void ValidateLimit(int limit)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw new ValidationError($"Search limit {limit} is out of range; it must be between 1 and {MaxLimit}.");
        }
    }

    private DocCursor? BuildCursor(ParsedQuery query, Bm25Scorer scorer)
    {
        var groups = new List<DocCursor>(query.Groups.Count);
        foreach (var group in query.Groups)
        {
            var alternatives = new List<DocCursor>(group.Count);
            foreach (var phrase in group)
            {
                if (BuildPhraseCursor(phrase, scorer) is { } cursor)
                {
                    alternatives.Add(cursor);
                }
            }

            if (alternatives.Count == 0)
            {
                return null; // a required group matches nothing, so the conjunction cannot match
            }

            groups.Add(alternatives.Count == 1 ? alternatives[0] : new DisjunctionCursor(alternatives));
        }

        return groups.Count == 1 ? groups[0] : new ConjunctionCursor(groups);
    }

    private DocCursor? BuildPhraseCursor(QueryPhrase phrase, Bm25Scorer scorer)
    {
        var terms = new TermCursor[phrase.Terms.Count];
        for (var i = 0; i < terms.Length; i++)
        {
            if (!_terms.TryGetValue(phrase.Terms[i], out var postings))
            {
                return null;
            }

            terms[i] = new TermCursor(postings, scorer.Idf(postings.Count), scorer);
        }

        return terms.Length == 1 ? terms[0] : new PhraseCursor(terms, phrase.Offsets, scorer);
    }
}

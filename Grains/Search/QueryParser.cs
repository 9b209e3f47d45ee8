namespace ChatDb.Grains.Search;

/// <summary>
/// Query syntax (docs/SEARCH.md, "Queries"): words are ANDed; <c>"quoted text"</c> is a phrase;
/// the upper-case keyword <c>OR</c> between two items makes them alternatives (OR binds tighter than
/// the implicit AND: <c>a b OR c</c> = a AND (b OR c)). An unquoted word that folds to several
/// terms ("e-mail", "東京") is a phrase of them. An unclosed quote runs to the end.
/// </summary>
public static class QueryParser
{
    public static ParsedQuery Parse(string query, Tokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var items = new List<QueryPhrase?>(); // null = OR keyword
        var ignored = new List<string>();
        var i = 0;
        while (i < query.Length)
        {
            if (char.IsWhiteSpace(query[i]))
            {
                i++;
                continue;
            }

            string text;
            if (query[i] == '"')
            {
                var close = query.IndexOf('"', i + 1);
                var end = close < 0 ? query.Length : close;
                text = query[(i + 1)..end];
                i = Math.Min(query.Length, end + 1);
            }
            else
            {
                var end = i;
                while (end < query.Length && !char.IsWhiteSpace(query[end]) && query[end] != '"')
                {
                    end++;
                }

                text = query[i..end];
                i = end;
                if (text == "OR")
                {
                    items.Add(null);
                    continue;
                }
            }

            if (ToPhrase(text, tokenizer) is { } phrase)
            {
                items.Add(phrase);
            }
            else if (text.Trim().Length > 0)
            {
                ignored.Add(text.Trim());
            }
        }

        return new ParsedQuery(Group(items), ignored);
    }

    private static QueryPhrase? ToPhrase(string text, Tokenizer tokenizer)
    {
        var terms = new List<string>();
        var offsets = new List<int>();
        var first = -1;
        foreach (var token in tokenizer.Tokenize(text))
        {
            first = first < 0 ? token.Position : first;
            terms.Add(token.Term.ToString());
            offsets.Add(token.Position - first);
        }

        return terms.Count == 0 ? null : new QueryPhrase(terms, offsets);
    }

    private static List<IReadOnlyList<QueryPhrase>> Group(List<QueryPhrase?> items)
    {
        var groups = new List<List<QueryPhrase>>();
        var joinNext = false;
        foreach (var item in items)
        {
            if (item is null)
            {
                joinNext = groups.Count > 0;
                continue;
            }

            if (joinNext)
            {
                if (!groups[^1].Contains(item))
                {
                    groups[^1].Add(item);
                }
            }
            else
            {
                groups.Add([item]);
            }

            joinNext = false;
        }

        // "cat cat" is one condition, not two: duplicate groups would count a term twice.
        var distinct = new List<IReadOnlyList<QueryPhrase>>();
        foreach (var group in groups)
        {
            if (!distinct.Any(d => d.Count == group.Count && d.All(group.Contains)))
            {
                distinct.Add(group);
            }
        }

        return distinct;
    }
}

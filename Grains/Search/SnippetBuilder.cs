using System.Text;

namespace ChatDb.Grains.Search;

/// <summary>Cuts a snippet out of a message and marks the query's terms in it.</summary>
internal static class SnippetBuilder
{
    public static string Build(string text, IReadOnlySet<string> terms, Tokenizer tokenizer, SnippetOptions options)
    {
        var tokens = new List<(int Start, int Length, string? Match)>();
        var lookup = terms is HashSet<string> set && set.Comparer == StringComparer.Ordinal
            ? set.GetAlternateLookup<ReadOnlySpan<char>>()
            : new HashSet<string>(terms, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var token in tokenizer.Tokenize(text))
        {
            var match = lookup.TryGetValue(token.Term, out var term) ? term : null;
            tokens.Add((token.Start, token.Length, match));
        }

        if (tokens.Count == 0)
        {
            return Cut(text, options);
        }

        var window = Math.Max(1, options.WindowTokens);
        var first = BestWindowStart(tokens, window);
        var last = Math.Min(tokens.Count, first + window) - 1;
        var from = first == 0 ? 0 : tokens[first].Start;
        var to = last == tokens.Count - 1 ? text.Length : tokens[last].Start + tokens[last].Length;

        var snippet = new StringBuilder(to - from + 16);
        if (from > 0)
        {
            snippet.Append(options.Ellipsis);
        }

        var cursor = from;
        for (var i = first; i <= last; i++)
        {
            var (start, length, match) = tokens[i];
            if (match is null)
            {
                continue;
            }

            snippet.Append(text, cursor, start - cursor).Append(options.Open).Append(text, start, length).Append(options.Close);
            cursor = start + length;
        }

        snippet.Append(text, cursor, to - cursor);
        if (to < text.Length)
        {
            snippet.Append(options.Ellipsis);
        }

        return snippet.ToString();
    }

    /// <summary>The window start that covers the most distinct terms, then the most matches; earliest wins ties.</summary>
    private static int BestWindowStart(List<(int Start, int Length, string? Match)> tokens, int window)
    {
        var best = 0;
        var bestScore = -1;
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (var start = 0; start == 0 || start + window <= tokens.Count; start++)
        {
            distinct.Clear();
            var matches = 0;
            for (var i = start; i < Math.Min(tokens.Count, start + window); i++)
            {
                if (tokens[i].Match is { } term)
                {
                    distinct.Add(term);
                    matches++;
                }
            }

            var score = distinct.Count * 1000 + matches;
            if (score > bestScore)
            {
                best = start;
                bestScore = score;
            }
        }

        return best;
    }

    private static string Cut(string text, SnippetOptions options)
    {
        const int MaxCharacters = 160;
        return text.Length <= MaxCharacters ? text : string.Concat(text.AsSpan(0, MaxCharacters), options.Ellipsis);
    }
}

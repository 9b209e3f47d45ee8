namespace ChatDb.Grains.Search;

/// <summary>
/// Splits text into folded terms: maximal runs of Unicode letters and decimal digits (combining
/// marks stay inside a run), diacritics folded, case folded to invariant lower case; each CJK
/// ideograph or kana is a token of its own. Rules and reasons in docs/SEARCH.md, "Tokenizer".
/// </summary>
public sealed class Tokenizer
{
    public Tokenizer(TokenizerOptions? options = null)
    {
        Options = options ?? TokenizerOptions.Default;
        Options.Validate();
    }

    private static readonly Tokenizer EveryWord = new(new TokenizerOptions { MinWordLength = 1 });

    public static Tokenizer Default { get; } = new();

    public TokenizerOptions Options { get; }

    /// <summary>Enumerates tokens without allocating per token; dispose (or <c>foreach</c>) to return the buffer.</summary>
    public TokenEnumerator Tokenize(ReadOnlySpan<char> text) => new(text, Options);

    /// <summary>The folded terms of <paramref name="text"/>, in order; for tests and small inputs.</summary>
    public IReadOnlyList<string> Terms(string text)
    {
        var terms = new List<string>();
        foreach (var token in Tokenize(text))
        {
            terms.Add(token.Term.ToString());
        }

        return terms;
    }

    /// <summary>
    /// Folds a name the way documents are folded, keeping short words ("AI", "Go"): "São  Paulo" →
    /// "sao paulo". Used for entity names, which are compared whole rather than searched.
    /// </summary>
    public static string FoldName(string name)
    {
        var parts = new List<string>();
        foreach (var token in EveryWord.Tokenize(name))
        {
            parts.Add(token.Term.ToString());
        }

        return parts.Count == 0 ? name.Trim().ToLowerInvariant() : string.Join(' ', parts);
    }
}

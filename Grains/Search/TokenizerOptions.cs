using ChatDb.Storage;

namespace ChatDb.Grains.Search;

/// <summary>
/// How text becomes index terms (docs/SEARCH.md, "Tokenizer"). The options are recorded in the
/// persisted segment: an index written with other options is rebuilt rather than queried with
/// terms it never produced.
/// </summary>
public sealed record TokenizerOptions
{
    /// <summary>Seed 004 <c>full_text_search_min_word_length</c>.</summary>
    public const int DefaultMinWordLength = 3;

    public const int DefaultMaxTokenLength = 64;

    public static TokenizerOptions Default { get; } = new();

    /// <summary>
    /// Words made only of letters of alphabetic scripts (every folded character below U+0800) that are
    /// shorter than this are not indexed and not searched: "a", "to", "of". Tokens with a digit
    /// ("42", "b2b") and CJK characters are always kept. Positions still advance over a dropped
    /// word, so phrases keep their shape. Set to 1 to index every word.
    /// </summary>
    public int MinWordLength { get; init; } = DefaultMinWordLength;

    /// <summary>Longer tokens (hashes, base64 blobs) are cut to this many characters, in documents and queries alike.</summary>
    public int MaxTokenLength { get; init; } = DefaultMaxTokenLength;

    /// <summary>Throws <see cref="ConfigurationError"/> naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (MaxTokenLength is < 8 or > 1024)
        {
            throw new ConfigurationError($"Search:MaxTokenLength is {MaxTokenLength}; it must be between 8 and 1024.");
        }

        if (MinWordLength < 1 || MinWordLength > MaxTokenLength)
        {
            throw new ConfigurationError(
                $"Search:MinWordLength is {MinWordLength}; it must be between 1 and Search:MaxTokenLength ({MaxTokenLength}).");
        }
    }
}

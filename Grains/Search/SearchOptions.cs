namespace ChatDb.Grains.Search;

/// <summary>Settings of the search grains (section <c>Search</c>); docs/SEARCH.md.</summary>
public sealed class SearchOptions
{
    public const string SectionName = "Search";

    /// <summary>Vector and hybrid search. When no <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c>
    /// is registered, the offline <see cref="HashingEmbeddingGenerator"/> is used.</summary>
    public bool Vectors { get; set; } = true;

    /// <summary>The embedding model (<c>Models:{name}</c> with <c>Kind = embedding</c>) vector search uses; none means
    /// the offline hashing embedder. Read and checked as the silo is built (<c>AddChatSearch</c>).</summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>Seed 004 <c>full_text_search_min_word_length</c>.</summary>
    public int MinWordLength { get; set; } = TokenizerOptions.DefaultMinWordLength;

    /// <summary>How long after the first unsaved change the index files are written. The logs stay the
    /// truth: what a crash loses here is caught up from them on the next activation.</summary>
    public TimeSpan FlushDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Seed 004 <c>search_results_default_limit</c>.</summary>
    public int DefaultLimit { get; set; } = 20;

    internal TokenizerOptions Tokenizer => new() { MinWordLength = MinWordLength };
}

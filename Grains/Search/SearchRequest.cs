namespace ChatDb.Grains.Search;

/// <summary>
/// One search over a <see cref="MessageSearchIndex"/>. <see cref="Mode"/> null means hybrid when
/// the index has vectors and an embedder, full-text otherwise.
/// </summary>
public sealed record SearchRequest(
    string Query,
    SearchMode? Mode = null,
    SearchFilter? Filter = null,
    int Limit = 20,
    SnippetOptions? Snippet = null);

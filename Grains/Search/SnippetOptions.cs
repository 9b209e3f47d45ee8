namespace ChatDb.Grains.Search;

/// <summary>
/// How snippets look: a window of about <see cref="WindowTokens"/> tokens around the densest cluster
/// of matched terms, each match wrapped in <see cref="Open"/>/<see cref="Close"/> (default
/// <c>[term]</c>, the original spelling is kept), <see cref="Ellipsis"/> where text was cut.
/// </summary>
public sealed record SnippetOptions(string Open = "[", string Close = "]", int WindowTokens = 20, string Ellipsis = "…")
{
    public static SnippetOptions Default { get; } = new();
}

namespace ChatDb.Grains.Knowledge.Extraction;

/// <summary>The formats a knowledge document is read as, told by its Content-Type or, failing that, its extension.</summary>
internal static class KnowledgeFormat
{
    public const string Text = "text";
    public const string Markdown = "markdown";
    public const string Html = "html";
    public const string Pdf = "pdf";

    /// <summary>The extensions a knowledge filename may have (docs/RAG.md), each with the format it implies.</summary>
    public static IReadOnlyDictionary<string, string> Extensions { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = Text,
        [".text"] = Text,
        [".csv"] = Text,
        [".json"] = Text,
        [".md"] = Markdown,
        [".markdown"] = Markdown,
        [".html"] = Html,
        [".htm"] = Html,
        [".pdf"] = Pdf,
    };

    /// <summary>The format of a document: a Content-Type that names one wins, else the extension's.</summary>
    public static string Of(string filename, string? contentType)
    {
        var media = contentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        var byType = media switch
        {
            "application/pdf" => Pdf,
            "text/html" or "application/xhtml+xml" => Html,
            "text/markdown" or "text/x-markdown" => Markdown,
            "text/plain" or "text/csv" or "application/json" => Text,
            _ => null,
        };
        return byType ?? Extensions[Path.GetExtension(filename)];
    }
}

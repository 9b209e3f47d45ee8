namespace ChatDb.Grains.Knowledge;

/// <summary>The <c>Knowledge</c> section (docs/RAG.md, "Limits"): what a document may cost to read, and how it is chunked.</summary>
public sealed class KnowledgeOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>The largest document accepted, in bytes; a larger upload is refused with 413.</summary>
    public long MaxDocumentBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>How long extraction and chunking of one document may take; past it the document is failed.</summary>
    public TimeSpan ExtractionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most pages of a PDF that are read; a longer PDF is failed, not cut.</summary>
    public int MaxPdfPages { get; set; } = 500;

    /// <summary>The deepest element nesting of an HTML document; deeper is failed.</summary>
    public int MaxHtmlDepth { get; set; } = 256;

    /// <summary>The most characters of text one document may yield; more is failed.</summary>
    public int MaxTextChars { get; set; } = 4_000_000;

    /// <summary>The target chunk length in characters.</summary>
    public int ChunkChars { get; set; } = 1_200;

    /// <summary>How many characters of a chunk's end start the next one (within a section), so a sentence cut in two is found whole.</summary>
    public int ChunkOverlapChars { get; set; } = 150;

    /// <summary>How many documents a user's knowledge base may hold.</summary>
    public int MaxDocuments { get; set; } = 1_000;
}

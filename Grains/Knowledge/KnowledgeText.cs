namespace ChatDb.Grains.Knowledge;

/// <summary>The extracted text of a knowledge document, <c>text/{filename}.json</c> (docs/RAG.md, "Layout"): blocks joined by blank lines.</summary>
internal sealed record KnowledgeText(string Filename, string Format, DateTimeOffset ExtractedAt, int Characters, string Text);

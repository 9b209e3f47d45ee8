namespace ChatDb.Grains.Knowledge.Chunking;

/// <summary>
/// One chunk of a knowledge document, one line of <c>chunks/{filename}.jsonl</c> (docs/RAG.md, "Layout").
/// </summary>
/// <param name="Position">The chunk's place in the document, from 0.</param>
/// <param name="Heading">The heading of the section it is in; null before the first heading.</param>
/// <param name="Text">The chunk's text (the heading not included).</param>
/// <param name="Page">The PDF page it starts on; null for other formats.</param>
internal sealed record KnowledgeChunk(int Position, string? Heading, string Text, int? Page);

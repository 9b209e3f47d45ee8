using ChatDb.Grains.Knowledge.Chunking;
using ChatDb.Grains.Knowledge.Extraction;

namespace ChatDb.Grains.Knowledge;

/// <summary>One document through extraction and chunking, the same for the knowledge base and for session documents.</summary>
internal static class KnowledgeReader
{
    /// <summary>The document's text blocks and chunks; <see cref="ExtractionFailed"/> with the reason when it cannot be read within the limits.</summary>
    public static async Task<(List<TextBlock> Blocks, List<KnowledgeChunk> Chunks)> ReadAsync(string format, byte[] content, KnowledgeOptions options)
    {
        if (content.LongLength > options.MaxDocumentBytes)
        {
            throw new ExtractionFailed($"the document has {content.LongLength} bytes, more than {options.MaxDocumentBytes} (Knowledge:MaxDocumentBytes).");
        }

        var blocks = await DocumentExtractor.ExtractAsync(format, content, options);
        var chunks = new KnowledgeChunker(options.ChunkChars, options.ChunkOverlapChars).Chunk(blocks);
        return (blocks, chunks);
    }
}

using System.Text;
using ChatDb.Grains.Knowledge.Extraction;

namespace ChatDb.Grains.Knowledge.Chunking;

/// <summary>
/// Cuts a document's blocks into chunks of about <c>size</c> characters: a heading closes the chunk before it (a chunk
/// never spans two sections), blocks are packed whole while they fit, a block longer than a chunk is cut at spaces.
/// Within a section each chunk starts with the last <c>overlap</c> characters of the one before (from a word start), so
/// a sentence cut at a boundary is whole in one of them.
/// </summary>
internal sealed class KnowledgeChunker(int size, int overlap)
{
    public List<KnowledgeChunk> Chunk(IReadOnlyList<TextBlock> blocks)
    {
        var chunks = new List<KnowledgeChunk>();
        var current = new StringBuilder();
        string? heading = null;
        int? page = null;
        var carried = 0;
        foreach (var block in blocks)
        {
            if (block.IsHeading)
            {
                Emit(chunks, current, heading, page, carried);
                current.Clear();
                carried = 0;
                heading = block.Text;
                continue;
            }

            foreach (var piece in Pieces(block.Text))
            {
                if (current.Length > carried && current.Length + 2 + piece.Length > size)
                {
                    Emit(chunks, current, heading, page, carried);
                    var tail = Tail(current.ToString());
                    current.Clear().Append(tail);
                    carried = current.Length;
                    page = block.Page;
                }

                if (current.Length == carried)
                {
                    page = block.Page;
                }

                if (current.Length > 0)
                {
                    current.Append(current.Length == carried ? " " : "\n\n");
                }

                current.Append(piece);
            }
        }

        Emit(chunks, current, heading, page, carried);
        return chunks;
    }

    /// <summary>The block whole when it fits a chunk, else cut at the last space before each chunk's length.</summary>
    private IEnumerable<string> Pieces(string text)
    {
        var start = 0;
        while (text.Length - start > size)
        {
            var cut = text.LastIndexOf(' ', start + size - overlap - 1, size - overlap);
            if (cut <= start)
            {
                cut = start + size - overlap;
            }

            yield return text[start..cut].Trim();
            start = cut;
        }

        var rest = text[start..].Trim();
        if (rest.Length > 0)
        {
            yield return rest;
        }
    }

    /// <summary>The last <c>overlap</c> characters of a chunk, from the start of a word.</summary>
    private string Tail(string text)
    {
        if (overlap == 0 || text.Length <= overlap)
        {
            return overlap == 0 ? string.Empty : text;
        }

        var start = text.Length - overlap;
        var space = text.IndexOfAny([' ', '\n'], start);
        return space < 0 ? string.Empty : text[(space + 1)..].Trim();
    }

    private static void Emit(List<KnowledgeChunk> chunks, StringBuilder current, string? heading, int? page, int carried)
    {
        // Only carried-over text is nothing new: a section's last chunk would repeat its predecessor's end.
        if (current.Length > carried && current.ToString().Trim() is { Length: > 0 } text)
        {
            chunks.Add(new KnowledgeChunk(chunks.Count, heading, text, page));
        }
    }
}

using ChatDb.Grains.Knowledge.Extraction;
using ChatDb.Storage;
using ChatDb.Storage.Ids;

namespace ChatDb.Grains.Knowledge;

/// <summary>
/// The rule for knowledge filenames (docs/RAG.md): the document filename rule (id characters, one extension) with the
/// extensions extraction reads, and at most <see cref="MaxLength"/> characters so that <c>{filename}.jsonl</c> in
/// <c>chunks/</c> still passes the id rule of one path segment.
/// </summary>
public static class KnowledgeFilenames
{
    public const int MaxLength = EntityIdValidator.MaxLength - 8;

    public const string TextSuffix = ".json";
    public const string ChunksSuffix = ".jsonl";

    public static string Validate(string? filename)
    {
        DocumentFilenameValidator.Validate(filename, KnowledgeFormat.Extensions.Keys);
        if (filename!.Length > MaxLength)
        {
            throw new ValidationError(
                $"knowledge filename {IdText.Escape(filename)} is rejected: it has {filename.Length} characters, more than {MaxLength}.");
        }

        return filename;
    }
}

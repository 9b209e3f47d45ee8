using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Ids;

namespace ChatDb.Storage.Flatfile.Maintenance;

public sealed partial class VerifyEngine
{
    /// <summary>
    /// A user's knowledge chunks (docs/RAG.md, "Layout"): every line of <c>chunks/{filename}.jsonl</c> a JSON object. Chunk
    /// files are written whole and atomically, so a torn or corrupt line is damage, not an unfinished append.
    /// </summary>
    private void CheckKnowledgeFile(TreeItem item, List<VerifyProblem> problems)
    {
        var root = SafePath.Canonical(_options.StorageBasePath);
        if (item.Kind == RecordKind.File
            && Path.GetRelativePath(root, item.Path).Split(Path.DirectorySeparatorChar)
                is [var users, _, FlatfileLayout.KnowledgeDirectoryName, FlatfileLayout.KnowledgeChunksDirectoryName, var name]
            && users == _options.UserDataDirectoryName
            && name.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            CheckJsonLines(item, problems, "knowledge chunk file", "knowledge-chunk-is-json", "upload the document again to rewrite it");
        }
    }
}

namespace ChatDb.Storage.Flatfile.Layout;

/// <summary>
/// A user's knowledge base (docs/RAG.md, "Layout"): <c>users/{user_id}/knowledge/</c> holds <c>documents.json</c> (every
/// document with its status), <c>files/{filename}</c> (the bytes as uploaded), <c>text/{filename}.json</c> (the extracted
/// text) and <c>chunks/{filename}.jsonl</c> (one chunk a line). Not a session id, so never a session directory.
/// </summary>
public sealed partial class FlatfileLayout
{
    /// <summary>A user's knowledge directory: <c>users/{user_id}/knowledge/</c>.</summary>
    public const string KnowledgeDirectoryName = "knowledge";

    /// <summary>The list of the knowledge documents with their status.</summary>
    public const string KnowledgeDocumentsFilename = "documents.json";

    /// <summary>The uploaded bytes, one file per document.</summary>
    public const string KnowledgeFilesDirectoryName = "files";

    /// <summary>The extracted text of each document, <c>{filename}.json</c>.</summary>
    public const string KnowledgeTextDirectoryName = "text";

    /// <summary>The chunks of each document, <c>{filename}.jsonl</c>.</summary>
    public const string KnowledgeChunksDirectoryName = "chunks";

    /// <summary><c>users/{user_id}/knowledge/</c></summary>
    public string KnowledgeDirectory(string userId) => Under(_options.UserDataDirectoryName, UserId(userId), KnowledgeDirectoryName);

    /// <summary><c>users/{user_id}/knowledge/documents.json</c></summary>
    public string KnowledgeDocumentsFile(string userId) => Path.Join(KnowledgeDirectory(userId), KnowledgeDocumentsFilename);

    /// <summary><c>users/{user_id}/knowledge/{files|text|chunks}/</c></summary>
    public string KnowledgeSubdirectory(string userId, string name) => Path.Join(KnowledgeDirectory(userId), name);
}

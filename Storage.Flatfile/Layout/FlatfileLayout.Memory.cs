namespace ChatDb.Storage.Flatfile.Layout;

/// <summary>
/// A user's long-term memories (docs/STORAGE.md, "Memory"; docs/MEMORY.md): <c>users/{user_id}/memory/</c> holds the
/// append-only change log <c>changes.jsonl</c> and the compacted snapshot <c>memories.json</c>. The directory name is not
/// a session id (those have the generated form), so it never collides with a session directory.
/// </summary>
public sealed partial class FlatfileLayout
{
    /// <summary>A user's memory directory: <c>users/{user_id}/memory/</c>.</summary>
    public const string MemoryDirectoryName = "memory";

    /// <summary>The change log of the memories: every add, update and delete with its source.</summary>
    public const string MemoryChangesFilename = "changes.jsonl";

    /// <summary>The compacted snapshot: every live memory and the number of log records it covers.</summary>
    public const string MemorySnapshotFilename = "memories.json";

    /// <summary><c>users/{user_id}/memory/</c></summary>
    public string MemoryDirectory(string userId) => Under(_options.UserDataDirectoryName, UserId(userId), MemoryDirectoryName);

    /// <summary><c>users/{user_id}/memory/changes.jsonl</c></summary>
    public string MemoryChangesFile(string userId) => Path.Join(MemoryDirectory(userId), MemoryChangesFilename);

    /// <summary><c>users/{user_id}/memory/memories.json</c></summary>
    public string MemorySnapshotFile(string userId) => Path.Join(MemoryDirectory(userId), MemorySnapshotFilename);
}

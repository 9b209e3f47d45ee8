using System.Text.Json;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Json;
using ChatDb.Storage.Sessions;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// The session journals (<c>users/{u}/sessions.jsonl</c>, docs/STORAGE.md §6) as the maintenance side sees them:
/// read-only for verify, and replayed and emptied by the first process that opens the data directory, when no grain
/// writes. Replaying rebuilds the <c>session.json</c> of every session the journal records as created and not removed
/// whose file a crash lost or tore, makes every such session's record and directory durable, and then empties the
/// journal, whose lines are needed only until that point (a removal line only keeps a creation line from being replayed).
/// </summary>
public static class SessionJournalRecovery
{
    /// <summary>
    /// The entries of the journal at <paramref name="path"/>: complete lines in sequence, up to the first that is not
    /// (a torn tail a crash left, which the log engine cuts on its next open). Empty when there is no journal.
    /// </summary>
    public static IReadOnlyList<SessionJournalEntry> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var entries = new List<SessionJournalEntry>();
        using var reader = new LineReader(File.OpenRead(path));
        var line = 0L;
        while (reader.TryReadLine(out var text, out var offset, out var terminated))
        {
            line++;
            if (!terminated || !LogLineFormat.TryReadSequence(text, out var sequence) || sequence != line)
            {
                break;
            }

            try
            {
                entries.Add(JsonSerializer.Deserialize<SessionJournalEntry>(text, StorageJson.Lines)
                    ?? throw new IntegrityError($"session journal '{path}' line {line} (byte offset {offset}) holds JSON null."));
            }
            catch (JsonException e)
            {
                throw new IntegrityError($"session journal '{path}' line {line} (byte offset {offset}) is not a valid entry: {e.Message}", e);
            }
        }

        return entries;
    }

    /// <summary>
    /// True when the session's <c>session.json</c> exists and parses as a JSON object: a file the journal need not rebuild.
    /// </summary>
    public static bool HasReadableRecord(string sessionFile)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(sessionFile));
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Replays and empties every user's journal (see the class remarks). Only while no other process writes the
    /// directory: the first opener, or a maintenance command holding the lock. Returns the session records rebuilt.
    /// </summary>
    public static int RecoverAll(FlatfileLayout layout, AtomicFile atomicFile)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(atomicFile);
        if (!Directory.Exists(layout.UsersDirectory))
        {
            return 0;
        }

        var rebuilt = 0;
        foreach (var user in new DirectoryInfo(layout.UsersDirectory).EnumerateDirectories())
        {
            if (user.LinkTarget is null && EntityIdValidator.IsValid(user.Name) && File.Exists(layout.UserSessionJournalFile(user.Name)))
            {
                rebuilt += RecoverUser(layout, atomicFile, user.Name);
            }
        }

        return rebuilt;
    }

    /// <summary>Replays and empties one user's journal; returns the session records it rebuilt.</summary>
    public static int RecoverUser(FlatfileLayout layout, AtomicFile atomicFile, string userId)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(atomicFile);
        var journal = layout.UserSessionJournalFile(userId);
        var fileSystem = atomicFile.FileSystem;
        var durable = atomicFile.Durability == Options.Durability.Fsync;
        var rebuilt = 0;
        foreach (var entry in SessionJournalEntry.Live(Read(journal)))
        {
            var sessionFile = layout.SessionMetadataFile(userId, entry.SessionId);
            if (HasReadableRecord(sessionFile))
            {
                if (durable)
                {
                    // Written without fsync by a process that stopped before its sync: make it durable before the line goes.
                    FlushFile(fileSystem, sessionFile);
                    DirectorySync.Fsync(fileSystem, Path.GetDirectoryName(sessionFile)!);
                }

                continue;
            }

            var record = JsonSerializer.SerializeToUtf8Bytes(entry.Session!.Value, StorageJson.Documents);
            atomicFile.WriteAllBytesAsync(sessionFile, record).GetAwaiter().GetResult();
            rebuilt++;
        }

        if (durable)
        {
            DirectorySync.Fsync(fileSystem, layout.UserDirectory(userId));
        }

        Empty(fileSystem, journal, durable);
        return rebuilt;
    }

    /// <summary>
    /// Truncates the journal rather than deleting it: the file keeps its durable entry, so the user's next create needs
    /// no directory fsync. Its offset index and any cut tail describe lines that are gone and go too.
    /// </summary>
    private static void Empty(IO.IFlatfileFileSystem fileSystem, string journal, bool durable)
    {
        try
        {
            using (var handle = fileSystem.OpenHandle(journal, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
            {
                fileSystem.SetLength(handle, 0);
                if (durable)
                {
                    fileSystem.FlushToDisk(handle);
                }
            }

            if (fileSystem.FileExists(journal + ".idx"))
            {
                fileSystem.DeleteFile(journal + ".idx");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"emptying session journal '{journal}' after replaying it failed: {e.Message}; it is replayed again on the next open.", e);
        }
    }

    private static void FlushFile(IO.IFlatfileFileSystem fileSystem, string file)
    {
        try
        {
            using var handle = fileSystem.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            fileSystem.FlushToDisk(handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"fsync of '{file}' while replaying its user's session journal failed: {e.Message}", e);
        }
    }
}

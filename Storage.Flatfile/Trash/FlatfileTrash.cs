using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.IO;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Trash;
using Orleans.Storage;

namespace ChatDb.Storage.Flatfile.Trash;

/// <summary>
/// The trash of the flatfile layout (docs/STORAGE.md, Trash). Moving in and restoring are each one directory rename
/// inside the data directory (one file system, so atomic), followed by the fsync of both parents in durable mode:
/// a crash leaves the entity either at its live place or in the trash. The user's session index is derived from the
/// live session directories, so it follows on the user grain's next activation whatever the crash left. Every change
/// runs through the write gate (a live backup sees none half done) and closes the logs open below the moved
/// directory first (an open log would go on appending to a file that moved).
/// </summary>
public sealed partial class FlatfileTrash : ITrashStore
{
    private readonly FlatfileLayout _layout;
    private readonly FlatfileOpenLogs _logs;
    private readonly IFlatfileFileSystem _fileSystem;
    private readonly bool _durable;
    private readonly FlatfileWriteGate _gate;

    public FlatfileTrash(FlatfileLayout layout, FlatfileOpenLogs logs, AtomicFile files, FlatfileWriteGate? writeGate = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(files);
        _layout = layout;
        _logs = logs;
        _fileSystem = files.FileSystem;
        _durable = files.Durability == Durability.Fsync;
        _gate = writeGate ?? new FlatfileWriteGate();
    }

    public Task<TrashEntry?> TrashSessionAsync(string userId, string sessionId, DateTimeOffset deletedAt, CancellationToken cancellationToken = default)
    {
        var source = _layout.SessionDirectory(userId, sessionId);
        return _gate.RunAsync(async () =>
        {
            // A new session's files may still wait for their fsyncs: the trash keeps them whole, as the session left them.
            await DeferredDirectorySync.EnsureDurableAsync(_fileSystem, source).ConfigureAwait(false);
            var entry = await MoveInAsync(source, _layout.SessionTrashDirectory(userId), sessionId, deletedAt,
                name => new TrashEntry(TrashEntryKind.Session, userId, sessionId, deletedAt, Relative(_layout.SessionTrashEntry(userId, name)))).ConfigureAwait(false);
            DeferredDirectorySync.Forget(source);
            return entry;
        }, cancellationToken);
    }

    public Task<TrashEntry?> TrashPanelAsync(string panelId, DateTimeOffset deletedAt, CancellationToken cancellationToken = default)
    {
        var source = _layout.PanelDirectory(panelId);
        return _gate.RunAsync(() => MoveInAsync(source, _layout.PanelTrashDirectory, panelId, deletedAt,
            name => new TrashEntry(TrashEntryKind.Panel, null, panelId, deletedAt, Relative(_layout.PanelTrashEntry(name)))), cancellationToken);
    }

    public Task<TrashEntry?> TrashUserAsync(string userId, DateTimeOffset deletedAt, CancellationToken cancellationToken = default)
    {
        var source = _layout.UserDirectory(userId);
        return _gate.RunAsync(() => MoveInAsync(source, _layout.UserTrashDirectory(userId), TrashNames.UserEntryId, deletedAt,
            name => new TrashEntry(TrashEntryKind.User, userId, userId, deletedAt, Relative(_layout.UserTrashEntry(userId, name)))), cancellationToken);
    }

    public Task<TrashEntry> RestoreSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        var target = _layout.SessionDirectory(userId, sessionId);
        return _gate.RunAsync(async () =>
        {
            var entry = Newest(SessionEntries(userId), sessionId)
                ?? throw new NotFoundError($"session {sessionId} of user {userId} is not in the trash; GET /users/{userId}/trash lists what is.");
            await MoveOutAsync(_layout.SessionTrashEntry(userId, Path.GetFileName(entry.Location)), target,
                $"session {sessionId} of user {userId} cannot be restored: a live session with that id exists; delete it or leave the trash entry as it is.");
            return entry;
        }, cancellationToken);
    }

    public Task<TrashEntry> RestorePanelAsync(string panelId, CancellationToken cancellationToken = default)
    {
        var target = _layout.PanelDirectory(panelId);
        return _gate.RunAsync(async () =>
        {
            var entry = Newest(PanelEntries(), panelId)
                ?? throw new NotFoundError($"panel {panelId} is not in the trash; GET /trash/panels lists what is.");
            await MoveOutAsync(_layout.PanelTrashEntry(Path.GetFileName(entry.Location)), target,
                $"panel {panelId} cannot be restored: a live panel with that id exists; delete it or leave the trash entry as it is.");
            return entry;
        }, cancellationToken);
    }

    /// <summary>
    /// Renames <paramref name="source"/> to <c>{trashDirectory}/{id}.deleted_{time}</c>. Two deletions of one id in
    /// the same microsecond (a restore in between) take the next free microsecond.
    /// </summary>
    private async Task<TrashEntry?> MoveInAsync(string source, string trashDirectory, string id, DateTimeOffset deletedAt, Func<string, TrashEntry> entryOf)
    {
        if (!_fileSystem.DirectoryExists(source))
        {
            return null;
        }

        await _logs.CloseUnderAsync(source).ConfigureAwait(false);
        Run($"moving '{source}' into the trash", () => DirectorySync.CreateDirectory(_fileSystem, trashDirectory, _durable));
        var at = deletedAt;
        while (_fileSystem.DirectoryExists(Path.Join(trashDirectory, TrashNames.Entry(id, at))))
        {
            at = at.AddTicks(TimeSpan.TicksPerMicrosecond);
        }

        var name = TrashNames.Entry(id, at);
        var target = Path.Join(trashDirectory, name);
        Rename(source, target, "moving into the trash");
        return entryOf(name) with { DeletedAt = at };
    }

    /// <summary>
    /// Closes what is open under <paramref name="target"/> first: an activation that found nothing there may have
    /// opened an empty log at a path the restored directory now fills (the event log of a restoring grain).
    /// </summary>
    private async Task MoveOutAsync(string entryDirectory, string target, string conflict)
    {
        await _logs.CloseUnderAsync(target).ConfigureAwait(false);
        if (_fileSystem.DirectoryExists(target))
        {
            throw new InconsistentStateException(conflict);
        }

        Run($"restoring '{entryDirectory}'", () => DirectorySync.CreateDirectory(_fileSystem, Path.GetDirectoryName(target)!, _durable));
        Rename(entryDirectory, target, "restoring from the trash");
    }

    /// <summary>The one atomic step, then both parents fsynced so the new names survive a power loss.</summary>
    private void Rename(string source, string target, string what)
    {
        Run($"{what}: renaming '{source}' to '{target}'", () => _fileSystem.MoveDirectory(source, target));
        if (_durable)
        {
            DirectorySync.Fsync(_fileSystem, Path.GetDirectoryName(source)!);
            DirectorySync.Fsync(_fileSystem, Path.GetDirectoryName(target)!);
        }
    }

    private string Relative(string path) => Path.GetRelativePath(_layout.BaseDirectory, path).Replace('\\', '/');

    private static void Run(string what, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"{what} failed: {e.Message}; nothing was moved.", e);
        }
    }

    private static TrashEntry? Newest(IEnumerable<TrashEntry> entries, string id) =>
        entries.Where(e => e.Id == id).OrderByDescending(e => e.DeletedAt).FirstOrDefault();

    /// <summary>Entries of <paramref name="directory"/> whose names parse and that are real directories (no links, nothing being erased).</summary>
    private static IEnumerable<(string Name, string Id, DateTimeOffset DeletedAt)> EntriesIn(string directory)
    {
        var info = new DirectoryInfo(directory);
        if (!info.Exists)
        {
            yield break;
        }

        foreach (var child in info.EnumerateDirectories())
        {
            if (child.LinkTarget is null && !child.Name.StartsWith('.') && EntityIdValidator.IsValid(child.Name)
                && TrashNames.TryParse(child.Name, out var id, out var deletedAt))
            {
                yield return (child.Name, id, deletedAt);
            }
        }
    }
}

using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Trash;

namespace ChatDb.Storage.Flatfile.Trash;

/// <summary>Listing the trash, and erasing from it for good (retention, the deletion of a user).</summary>
public sealed partial class FlatfileTrash
{
    public Task<IReadOnlyList<TrashEntry>> ListUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<TrashEntry> entries = [.. UserEntries(userId).Concat(SessionEntries(userId)).OrderByDescending(e => e.DeletedAt).ThenBy(e => e.Id, StringComparer.Ordinal)];
        return Task.FromResult(entries);
    }

    public Task<IReadOnlyList<TrashEntry>> ListPanelsAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<TrashEntry> entries = [.. PanelEntries().OrderByDescending(e => e.DeletedAt).ThenBy(e => e.Id, StringComparer.Ordinal)];
        return Task.FromResult(entries);
    }

    public Task<long> EraseUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        var directory = _layout.UserTrashDirectory(userId);
        return _gate.RunAsync(() => Task.FromResult(Erase(directory)), cancellationToken);
    }

    public Task<IReadOnlyList<TrashEntry>> EmptyAsync(DateTimeOffset deletedBefore, CancellationToken cancellationToken = default) =>
        _gate.RunAsync(() =>
        {
            var erased = new List<TrashEntry>();
            foreach (var entry in AllEntries().Where(e => e.DeletedAt < deletedBefore))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Erase(Path.Join(_layout.BaseDirectory, entry.Location));
                erased.Add(entry);
            }

            FinishInterruptedErasures();
            return Task.FromResult<IReadOnlyList<TrashEntry>>(erased);
        }, cancellationToken);

    private IEnumerable<TrashEntry> SessionEntries(string userId)
    {
        var directory = _layout.SessionTrashDirectory(userId);
        return EntriesIn(directory)
            .Where(e => _layout.Ids.IsValid(GeneratedIdKind.Session, e.Id))
            .Select(e => new TrashEntry(TrashEntryKind.Session, userId, e.Id, e.DeletedAt, Relative(Path.Join(directory, e.Name))));
    }

    private IEnumerable<TrashEntry> UserEntries(string userId)
    {
        var directory = _layout.UserTrashDirectory(userId);
        return EntriesIn(directory)
            .Where(e => e.Id == TrashNames.UserEntryId)
            .Select(e => new TrashEntry(TrashEntryKind.User, userId, userId, e.DeletedAt, Relative(Path.Join(directory, e.Name))));
    }

    private IEnumerable<TrashEntry> PanelEntries()
    {
        var directory = _layout.PanelTrashDirectory;
        return EntriesIn(directory)
            .Where(e => _layout.Ids.IsValid(GeneratedIdKind.Panel, e.Id))
            .Select(e => new TrashEntry(TrashEntryKind.Panel, null, e.Id, e.DeletedAt, Relative(Path.Join(directory, e.Name))));
    }

    private IEnumerable<TrashEntry> AllEntries()
    {
        var users = new DirectoryInfo(_layout.TrashUsersDirectory);
        var userIds = users.Exists
            ? users.EnumerateDirectories().Where(d => d.LinkTarget is null && EntityIdValidator.IsValid(d.Name)).Select(d => d.Name).ToList()
            : [];
        return [.. userIds.SelectMany(u => UserEntries(u).Concat(SessionEntries(u))), .. PanelEntries()];
    }

    /// <summary>
    /// Renames <paramref name="directory"/> to <c>.erasing-{name}</c> first (one atomic step: from then on no listing
    /// or restore sees it), then deletes it; returns the files removed. A crash during the delete leaves only the
    /// <c>.erasing-</c> directory, which the next emptying finishes.
    /// </summary>
    private long Erase(string directory)
    {
        if (!_fileSystem.DirectoryExists(directory))
        {
            return 0;
        }

        var parent = Path.GetDirectoryName(directory)!;
        var erasing = Path.Join(parent, TrashNames.ErasingPrefix + Path.GetFileName(directory));
        Run($"erasing '{directory}' from the trash", () =>
        {
            if (_fileSystem.DirectoryExists(erasing))
            {
                _fileSystem.DeleteDirectory(erasing, recursive: true);
            }

            _fileSystem.MoveDirectory(directory, erasing);
        });
        var files = CountFiles(new DirectoryInfo(erasing));
        Run($"erasing '{erasing}' from the trash", () => _fileSystem.DeleteDirectory(erasing, recursive: true));
        if (_durable)
        {
            DirectorySync.Fsync(_fileSystem, parent);
        }

        return files;
    }

    /// <summary>Deletes what erasures interrupted by a crash left (<c>.erasing-*</c> directories) anywhere in the trash.</summary>
    private void FinishInterruptedErasures()
    {
        var trash = new DirectoryInfo(_layout.TrashDirectory);
        if (!trash.Exists)
        {
            return;
        }

        foreach (var leftover in trash.EnumerateDirectories(TrashNames.ErasingPrefix + "*", SearchOption.AllDirectories).Where(d => d.LinkTarget is null).ToList())
        {
            if (leftover.Exists)
            {
                Run($"finishing the erasure of '{leftover.FullName}'", () => _fileSystem.DeleteDirectory(leftover.FullName, recursive: true));
            }
        }
    }

    private static long CountFiles(DirectoryInfo directory)
    {
        long count = 0;
        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            count += entry is DirectoryInfo child && child.LinkTarget is null ? CountFiles(child) : 1;
        }

        return count;
    }
}

using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// The trash (<c>trash/</c>, docs/STORAGE.md, Trash): every file of a well-named entry is carried byte for byte as a
/// <see cref="RecordKind.File"/> record (its path says where it goes back), so export, import, verify and backup keep
/// the trash as it is; a restore of an entry later reads it with the live code. An erasure a crash interrupted
/// (<c>.erasing-*</c>) is disposable; anything else in the trash is outside the layout.
/// </summary>
public sealed partial class TreeScanner
{
    private IEnumerable<TreeItem> ScanTrash()
    {
        var trash = Path.Join(BaseDirectory, FlatfileLayout.TrashDirectoryName);
        foreach (var entry in List(trash))
        {
            if (IsTrashDirectory(entry, _options.UserDataDirectoryName))
            {
                foreach (var user in List(entry.FullName))
                {
                    foreach (var item in IsUserTrash(user) ? ScanUserTrash(user) : [TrashOutside(user, "not a user's trash")])
                    {
                        yield return item;
                    }
                }
            }
            else if (IsTrashDirectory(entry, FlatfileLayout.TrashPanelsDirectoryName))
            {
                foreach (var item in ScanTrashEntries(entry, id => _ids.IsValid(GeneratedIdKind.Panel, id), "a panel"))
                {
                    yield return item;
                }
            }
            else
            {
                yield return TrashOutside(entry, $"the trash holds only {_options.UserDataDirectoryName}/ and {FlatfileLayout.TrashPanelsDirectoryName}/");
            }
        }
    }

    private IEnumerable<TreeItem> ScanUserTrash(FileSystemInfo user)
    {
        foreach (var entry in List(user.FullName))
        {
            var items = IsTrashDirectory(entry, FlatfileLayout.TrashSessionsDirectoryName)
                ? ScanTrashEntries(entry, id => _ids.IsValid(GeneratedIdKind.Session, id), "a session")
                : ScanTrashEntry(entry, id => id == TrashNames.UserEntryId, "the user");
            foreach (var item in items)
            {
                yield return item;
            }
        }
    }

    private IEnumerable<TreeItem> ScanTrashEntries(FileSystemInfo directory, Func<string, bool> isId, string what) =>
        List(directory.FullName).SelectMany(entry => ScanTrashEntry(entry, isId, what));

    private IEnumerable<TreeItem> ScanTrashEntry(FileSystemInfo entry, Func<string, bool> isId, string what)
    {
        if (entry is DirectoryInfo && entry.LinkTarget is null && entry.Name.StartsWith(TrashNames.ErasingPrefix, StringComparison.Ordinal))
        {
            return [new TreeItem(TreeItemType.StagingDirectory, entry.FullName, null, RecordIds.None, "an erasure from the trash that a crash interrupted")];
        }

        return entry is DirectoryInfo directory && entry.LinkTarget is null && EntityIdValidator.IsValid(entry.Name)
            && TrashNames.TryParse(entry.Name, out var id, out _) && isId(id)
            ? Verbatim(directory)
            : [TrashOutside(entry, $"not a trash entry of {what} ({{id}}{TrashNames.DeletedMarker}{TrashNames.TimestampFormat})")];
    }

    private static bool IsTrashDirectory(FileSystemInfo entry, string name) =>
        entry is DirectoryInfo && entry.LinkTarget is null && entry.Name == name;

    private static bool IsUserTrash(FileSystemInfo entry) =>
        entry is DirectoryInfo && entry.LinkTarget is null && EntityIdValidator.IsValid(entry.Name);

    private TreeItem TrashOutside(FileSystemInfo entry, string why) =>
        entry.Name.StartsWith(TrashNames.ErasingPrefix, StringComparison.Ordinal) && entry is DirectoryInfo && entry.LinkTarget is null
            ? new TreeItem(TreeItemType.StagingDirectory, entry.FullName, null, RecordIds.None, "an erasure from the trash that a crash interrupted")
            : Classify(entry, why);
}

using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Layout;

/// <summary>
/// The trash: <c>{base}/trash/...</c>, outside the live tree, so nothing that lists or scans live data (the user
/// grain's session listing, search, retention plans) sees a deleted entity (docs/STORAGE.md, Trash). Entry names
/// come from <see cref="TrashNames"/>.
/// </summary>
public sealed partial class FlatfileLayout
{
    /// <summary>The top-level trash directory; fixed, and reserved from module names.</summary>
    public const string TrashDirectoryName = "trash";

    /// <summary>Inside a user's trash: the directory of deleted sessions.</summary>
    public const string TrashSessionsDirectoryName = "sessions";

    /// <summary>Inside the trash: the directory of deleted panels.</summary>
    public const string TrashPanelsDirectoryName = "panels";

    /// <summary><c>trash/</c></summary>
    public string TrashDirectory => Under(TrashDirectoryName);

    /// <summary><c>trash/users/</c></summary>
    public string TrashUsersDirectory => Under(TrashDirectoryName, _options.UserDataDirectoryName);

    /// <summary><c>trash/users/{user_id}/</c>: everything of the user in the trash (erased with the user).</summary>
    public string UserTrashDirectory(string userId) => Under(TrashDirectoryName, _options.UserDataDirectoryName, UserId(userId));

    /// <summary><c>trash/users/{user_id}/sessions/</c>: the user's deleted sessions, one directory per entry.</summary>
    public string SessionTrashDirectory(string userId) =>
        Under(TrashDirectoryName, _options.UserDataDirectoryName, UserId(userId), TrashSessionsDirectoryName);

    /// <summary><c>trash/panels/</c>: deleted panels, one directory per entry.</summary>
    public string PanelTrashDirectory => Under(TrashDirectoryName, TrashPanelsDirectoryName);

    /// <summary><c>trash/users/{user_id}/sessions/{entry}/</c>; the entry name follows <see cref="TrashNames"/>.</summary>
    public string SessionTrashEntry(string userId, string entryName) =>
        Under(TrashDirectoryName, _options.UserDataDirectoryName, UserId(userId), TrashSessionsDirectoryName, EntryName(entryName));

    /// <summary><c>trash/users/{user_id}/{entry}/</c>: what was left of the user (profile, personas, indexes).</summary>
    public string UserTrashEntry(string userId, string entryName) =>
        Under(TrashDirectoryName, _options.UserDataDirectoryName, UserId(userId), EntryName(entryName));

    /// <summary><c>trash/panels/{entry}/</c></summary>
    public string PanelTrashEntry(string entryName) => Under(TrashDirectoryName, TrashPanelsDirectoryName, EntryName(entryName));

    private static string EntryName(string entryName) => EntityIdValidator.Validate(entryName, "trash entry name");
}

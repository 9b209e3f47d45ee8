namespace ChatDb.Storage.Trash;

/// <summary>
/// The trash: deleted sessions, panels and users kept outside the live data until they are restored or their
/// retention ends (docs/STORAGE.md, Trash). Each move is one atomic step of the storage, so after a crash an entity
/// is either live or in the trash, never both and never neither. The caller must be the entity's single writer,
/// inside its own turn (the session or panel grain), so nothing writes the entity while it moves; the storage closes
/// what it holds open for it first. Only a storage with a trash area registers one (the flatfile provider); without
/// it, deletion erases.
/// </summary>
public interface ITrashStore
{
    /// <summary>Moves the stored session into the trash; null when nothing of it is stored.</summary>
    Task<TrashEntry?> TrashSessionAsync(string userId, string sessionId, DateTimeOffset deletedAt, CancellationToken cancellationToken = default);

    /// <summary>Moves the stored panel into the trash; null when nothing of it is stored.</summary>
    Task<TrashEntry?> TrashPanelAsync(string panelId, DateTimeOffset deletedAt, CancellationToken cancellationToken = default);

    /// <summary>Moves whatever is still stored of the user (profile, personas, indexes) into the trash; null when nothing is.</summary>
    Task<TrashEntry?> TrashUserAsync(string userId, DateTimeOffset deletedAt, CancellationToken cancellationToken = default);

    /// <summary>The user's trash (sessions and user entries), newest first.</summary>
    Task<IReadOnlyList<TrashEntry>> ListUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>The panels in the trash, newest first.</summary>
    Task<IReadOnlyList<TrashEntry>> ListPanelsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the newest trash entry of the session back to its live place. NotFoundError when the trash holds no such
    /// session; Orleans' <c>InconsistentStateException</c> (409 over REST) when a live session with that id exists: nothing is moved.
    /// </summary>
    Task<TrashEntry> RestoreSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="RestoreSessionAsync"/>, for a panel.</summary>
    Task<TrashEntry> RestorePanelAsync(string panelId, CancellationToken cancellationToken = default);

    /// <summary>Erases the user's whole trash (the right to be forgotten); returns the number of files removed.</summary>
    Task<long> EraseUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Erases every entry moved to the trash before <paramref name="deletedBefore"/>; returns what was erased.</summary>
    Task<IReadOnlyList<TrashEntry>> EmptyAsync(DateTimeOffset deletedBefore, CancellationToken cancellationToken = default);
}

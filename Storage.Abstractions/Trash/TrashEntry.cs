namespace ChatDb.Storage.Trash;

/// <summary>One deleted entity as the trash holds it.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="UserId">The owner of a session or user entry; null for a panel.</param>
/// <param name="Id">The session id, panel id or user id.</param>
/// <param name="DeletedAt">When it was moved to the trash (UTC, microseconds); retention counts from here.</param>
/// <param name="Location">Where the entry is, relative to the data directory, '/'-separated (informational).</param>
public sealed record TrashEntry(TrashEntryKind Kind, string? UserId, string Id, DateTimeOffset DeletedAt, string Location);

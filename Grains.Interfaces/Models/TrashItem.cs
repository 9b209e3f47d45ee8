using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>One entry of the trash: a deleted session, panel or user kept until it is restored or retention erases it.</summary>
/// <param name="Kind">What it is: <see cref="TrashItemKinds"/>.</param>
/// <param name="UserId">The owner of a session or user entry; null for a panel.</param>
/// <param name="Id">The session id, panel id or user id; the id a restore takes.</param>
/// <param name="DeletedAt">When it went to the trash; retention (<c>Retention:EmptyTrashAfterDays</c>) counts from here.</param>
/// <param name="Path">Where the entry is, relative to the data directory (docs/STORAGE.md, Trash); informational.</param>
[Immutable]
public sealed record TrashItem(string Kind, string? UserId, string Id, DateTimeOffset DeletedAt, string Path);

/// <summary>The values of <see cref="TrashItem.Kind"/>.</summary>
public static class TrashItemKinds
{
    public const string Session = "session";
    public const string Panel = "panel";
    public const string User = "user";
}

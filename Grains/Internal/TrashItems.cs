using ChatDb.Grains.Models;
using ChatDb.Storage.Trash;

namespace ChatDb.Grains.Internal;

/// <summary>The wire form of the storage's trash entries.</summary>
internal static class TrashItems
{
    public static TrashItem From(TrashEntry entry) => new(
        entry.Kind switch
        {
            TrashEntryKind.Session => TrashItemKinds.Session,
            TrashEntryKind.Panel => TrashItemKinds.Panel,
            TrashEntryKind.User => TrashItemKinds.User,
            _ => throw new ArgumentOutOfRangeException(nameof(entry), entry.Kind, "unknown trash entry kind"),
        },
        entry.UserId,
        entry.Id,
        entry.DeletedAt,
        entry.Location);
}

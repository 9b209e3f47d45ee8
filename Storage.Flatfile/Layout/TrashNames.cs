using System.Globalization;

namespace ChatDb.Storage.Flatfile.Layout;

/// <summary>
/// Names of trash entries: <c>{id}.deleted_{yyyyMMdd_HHmmss_ffffff}</c> (UTC), e.g.
/// <c>chat_session_20250102_030405_123456.deleted_20250110_120000_000000</c>; a user's own entry is
/// <c>user.deleted_{...}</c>. The deletion time is in the name, so one rename moves an entity into the trash with
/// everything retention needs, and the same id may be deleted, restored and deleted again without a collision.
/// An entry being erased is first renamed to <c>.erasing-{name}</c>, so a crash halfway through an erasure leaves
/// nothing a restore could bring back half gone.
/// </summary>
public static class TrashNames
{
    public const string DeletedMarker = ".deleted_";
    public const string UserEntryId = "user";
    public const string ErasingPrefix = ".erasing-";
    public const string TimestampFormat = "yyyyMMdd_HHmmss_ffffff";

    public static string Entry(string id, DateTimeOffset deletedAt) =>
        id + DeletedMarker + deletedAt.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>Splits an entry name into the id and the deletion time; false for any other name.</summary>
    public static bool TryParse(string name, out string id, out DateTimeOffset deletedAt)
    {
        ArgumentNullException.ThrowIfNull(name);
        id = string.Empty;
        deletedAt = default;
        var marker = name.LastIndexOf(DeletedMarker, StringComparison.Ordinal);
        if (marker <= 0)
        {
            return false;
        }

        var text = name[(marker + DeletedMarker.Length)..];
        if (!DateTime.TryParseExact(text, TimestampFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed) ||
            !string.Equals(parsed.ToString(TimestampFormat, CultureInfo.InvariantCulture), text, StringComparison.Ordinal))
        {
            return false;
        }

        id = name[..marker];
        deletedAt = new DateTimeOffset(parsed, TimeSpan.Zero);
        return true;
    }
}

using ChatDb.Storage.Ids;

namespace ChatDb.Grains.Internal;

/// <summary>
/// Time as the chat grains store it: UTC, cut to whole microseconds (the resolution of the on-disk
/// format, so a value read back equals the one kept in memory), and generated ids that never repeat.
/// </summary>
internal static class ChatClock
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public static DateTimeOffset Now(TimeProvider time) => Normalize(time.GetUtcNow());

    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TicksPerMicrosecond), TimeSpan.Zero);
    }

    /// <summary>
    /// A new id of <paramref name="kind"/> for the current time, or one microsecond after
    /// <paramref name="lastIssued"/> when the clock has not moved past it (same microsecond, or a clock
    /// set back), so ids from one owner strictly increase.
    /// </summary>
    public static string NextId(EntityIdFormat format, GeneratedIdKind kind, TimeProvider time, string? lastIssued)
    {
        var at = Now(time);
        if (lastIssued is not null && format.TryParse(kind, lastIssued, out var last) && at <= last)
        {
            at = last.AddTicks(TicksPerMicrosecond);
        }

        return format.Format(kind, at);
    }
}

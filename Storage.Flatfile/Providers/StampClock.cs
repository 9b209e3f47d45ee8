namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Last-write times for state documents that strictly increase: per file (later than the time of the
/// document being replaced) and per process (later than any time handed out before), so a document's
/// ETag never repeats even when the same bytes are written twice within the file system clock's
/// resolution, or the wall clock steps back.
/// </summary>
internal sealed class StampClock(TimeProvider timeProvider)
{
    private long _lastTicks;

    public DateTime Next(DateTime? replacedUtc)
    {
        var now = timeProvider.GetUtcNow().UtcTicks;
        var floor = replacedUtc is { } replaced ? replaced.Ticks + 1 : 0;
        while (true)
        {
            var last = Volatile.Read(ref _lastTicks);
            var next = Math.Max(Math.Max(now, floor), last + 1);
            if (Interlocked.CompareExchange(ref _lastTicks, next, last) == last)
            {
                return new DateTime(next, DateTimeKind.Utc);
            }
        }
    }
}

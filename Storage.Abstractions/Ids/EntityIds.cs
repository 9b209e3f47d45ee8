namespace ChatDb.Storage.Ids;

/// <summary>
/// Generates session, panel, context-snapshot and insight ids from the injected clock, in UTC. Ids of one
/// kind from one instance strictly increase: when the clock has not moved on by a microsecond (the
/// resolution of the id), the next microsecond is used, so two ids generated back to back never collide.
/// Register one instance per process.
/// </summary>
public sealed class EntityIds
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    private readonly TimeProvider _timeProvider;
    private readonly long[] _lastTicks = new long[Enum.GetValues<GeneratedIdKind>().Length];
    private readonly Lock _gate = new();

    public EntityIds(EntityIdFormat format, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Format = format;
        _timeProvider = timeProvider;
    }

    /// <summary>Parses and validates ids of the generated kinds.</summary>
    public EntityIdFormat Format { get; }

    public string NewSessionId() => New(GeneratedIdKind.Session);

    public string NewPanelId() => New(GeneratedIdKind.Panel);

    public string NewContextId() => New(GeneratedIdKind.Context);

    public string NewInsightId() => New(GeneratedIdKind.Insight);

    public string New(GeneratedIdKind kind)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown generated id kind");
        }

        var now = _timeProvider.GetUtcNow().UtcTicks;
        now -= now % TicksPerMicrosecond;
        long ticks;
        lock (_gate)
        {
            ref var last = ref _lastTicks[(int)kind];
            ticks = Math.Max(now, last + TicksPerMicrosecond);
            last = ticks;
        }

        return Format.Format(kind, new DateTimeOffset(ticks, TimeSpan.Zero));
    }
}

namespace ChatDb.Runtime;

/// <summary>How a grain timer fires (Orleans 8 shape).</summary>
public readonly record struct GrainTimerCreationOptions
{
    /// <summary>Delay before the first tick.</summary>
    public TimeSpan DueTime { get; init; }

    /// <summary>Delay between the end of one tick and the next; <see cref="Timeout.InfiniteTimeSpan"/> fires once.</summary>
    public TimeSpan Period { get; init; }

    /// <summary>Ticks may interleave with requests (by default a tick waits like a request).</summary>
    public bool Interleave { get; init; }

    /// <summary>Ticks count as activity and keep the activation from idle collection.</summary>
    public bool KeepAlive { get; init; }
}

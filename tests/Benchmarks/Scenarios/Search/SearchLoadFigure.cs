namespace ChatDb.Benchmarks.Scenarios.Search;

/// <summary>What a <see cref="SearchLoadScenario"/> reports.</summary>
public enum SearchLoadFigure
{
    /// <summary>Median latency of one caller's queries, in milliseconds.</summary>
    Median,

    /// <summary>99th percentile latency of one caller's queries, in milliseconds.</summary>
    Percentile99,

    /// <summary>Queries per second with <see cref="SearchLoadScenario.ConcurrentCallers"/> callers on the one search grain.</summary>
    ConcurrentThroughput,
}

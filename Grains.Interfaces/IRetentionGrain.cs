using ChatDb.Grains.Models;
using Orleans;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains;

/// <summary>
/// Applies the retention settings (section <c>Retention</c>) on a timer; one activation, key
/// <see cref="ChatGrainKeys.Global"/>, kept alive while the silo runs.
/// </summary>
public interface IRetentionGrain : IGrainWithStringKey
{
    /// <summary>Starts the timer (idempotent); the silo calls it at start when retention is enabled.</summary>
    Task StartAsync();

    /// <summary>Runs retention once now, whatever the timer, and returns what it did.</summary>
    Task<RetentionReport> RunAsync();

    /// <summary>
    /// The last run's report; null before the first run. Not read-only on purpose: it waits for a run in
    /// progress (or a timer tick already queued) to finish.
    /// </summary>
    Task<RetentionReport?> GetLastReportAsync();
}

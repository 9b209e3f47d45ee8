using ChatDb.Grains.Models;
using Orleans;
using Orleans.Concurrency;

namespace ChatDb.Grains;

/// <summary>
/// The rolling summary of one session (key <c>{userId}/{sessionId}</c>, as the session's): folds the messages older
/// than the recent window into the session's situational context with the configured model
/// (<c>Memory:Summary</c>, docs/MEMORY.md). It runs beside the session grain, so a slow model never holds up the
/// session's appends; the session asks it to look after every <c>ThresholdTokens / 4</c> tokens appended.
/// </summary>
public interface ISessionSummaryGrain : IGrainWithStringKey
{
    /// <summary>Summarizes when the unsummarized messages pass <c>Memory:Summary:ThresholdTokens</c>; the caller does not wait.</summary>
    [OneWay]
    Task RequestAsync();

    /// <summary>
    /// Summarizes now: every message older than the recent window (<c>Memory:Summary:KeepRecentTokens</c>) not yet in the
    /// summary, even below the threshold. NotFoundError when the session does not exist; ModelError when the model fails.
    /// </summary>
    Task<RollingSummaryResult> SummarizeAsync();
}

using ChatDb.Grains.Models;
using Orleans;
using Orleans.Concurrency;

namespace ChatDb.Grains;

/// <summary>
/// One run of a panel (key <c>{panelId}/{runId}</c>, <see cref="ChatDb.Storage.Keys.ChatGrainKeys.PanelRun"/>): a multi-agent
/// conversation among the panel's agents, orchestrated here one turn at a time through grain calls (docs/MULTI_AGENT.md).
/// Like an agent run it executes in its own grain, so a cancel or a read never waits behind it.
/// </summary>
public interface IPanelRunGrain : IGrainWithStringKey
{
    /// <summary>
    /// Checks the request, appends the input to the panel, runs the turns and returns the ended run. Called again on a run
    /// that exists, it returns the run as recorded and runs nothing. A bad request, a missing panel or agent is the
    /// caller's error and records nothing.
    /// </summary>
    Task<PanelRun> RunAsync(PanelRunRequest request);

    /// <summary>As <see cref="RunAsync"/>, but answers at once with the run <c>queued</c>; it then proceeds in this grain.</summary>
    Task<PanelRun> StartAsync(PanelRunRequest request);

    /// <summary>
    /// Continues a <c>failed</c> or <c>cancelled</c> run after its last completed turn (its turns and usage kept); answers
    /// at once with the run <c>running</c>. NotFoundError for no run; InconsistentStateException (409) for a run that is
    /// queued, running or succeeded.
    /// </summary>
    Task<PanelRun> ResumeAsync();

    /// <summary>The run as recorded, or null.</summary>
    [AlwaysInterleave]
    Task<PanelRun?> GetAsync();

    /// <summary>The run's trace, oldest first.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<PanelTraceEvent>> GetTraceAsync();

    /// <summary>Cancels the run if it is queued or running (its completed turns stay); returns the run, null when there is none.</summary>
    [AlwaysInterleave]
    Task<PanelRun?> CancelAsync();

    /// <summary>The trace events after seq <paramref name="after"/>, then the new ones as they are appended, until the run ends.</summary>
    IAsyncEnumerable<PanelTraceEvent> FollowTraceAsync(long after, CancellationToken cancellationToken = default);
}

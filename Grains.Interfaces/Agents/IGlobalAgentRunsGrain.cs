using ChatDb.Grains.Models;
using ChatDb.Storage.Keys;
using Orleans;
using Orleans.Concurrency;

namespace ChatDb.Grains;

/// <summary>
/// The ids of one user's runs of one global agent (key <c>{userId}/{agentId}</c>, <see cref="ChatGrainKeys.GlobalAgentRuns"/>).
/// The list lives under the user, not the agent: deleting the user removes it with the runs, and deleting the global
/// agent leaves the user's runs of it in place.
/// </summary>
public interface IGlobalAgentRunsGrain : IGrainWithStringKey
{
    /// <summary>The user's runs of the global agent, newest first, at most <paramref name="limit"/>.</summary>
    [ReadOnly]
    Task<IReadOnlyList<AgentRun>> ListRunsAsync(int limit);

    /// <summary>From a run grain as its run starts: remembers the run id.</summary>
    [AlwaysInterleave]
    Task OnRunCreatedAsync(string runId);

    /// <summary>Removes every run (record and trace) and the list; returns how many runs there were.</summary>
    Task<int> DeleteAllAsync();
}

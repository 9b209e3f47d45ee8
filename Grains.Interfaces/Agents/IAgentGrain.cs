using ChatDb.Grains.Models;
using ChatDb.Storage.Keys;
using Orleans;
using Orleans.Concurrency;

namespace ChatDb.Grains;

/// <summary>
/// An agent definition with its versions. Key <c>{agentId}</c> for a global agent, <c>{userId}/{agentId}</c> for a
/// user's own (<see cref="ChatGrainKeys.UserAgent"/>). The runs of a user's agent execute in their own grains
/// (<see cref="IAgentRunGrain"/>); this grain keeps the list of their ids.
/// </summary>
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Saves a new version (1 for the first save, then 2, 3, ...). An unknown model or tool, an invalid persona id or
    /// a history budget out of range is a <c>ValidationError</c> naming it, and nothing is written.
    /// </summary>
    Task<Agent> SaveAsync(AgentDefinition definition);

    /// <summary><see cref="SaveAsync"/> when the latest version's ETag is <paramref name="ifMatch"/> (null: no condition).</summary>
    Task<ETagged<Agent>> SaveIfMatchAsync(AgentDefinition definition, string? ifMatch);

    /// <summary>The latest version, or null when the agent was never saved.</summary>
    [ReadOnly]
    Task<Agent?> GetAsync();

    /// <summary>The latest version and its ETag, or null.</summary>
    [ReadOnly]
    Task<ETagged<Agent>?> GetWithETagAsync();

    /// <summary>Version <paramref name="version"/>, or null when there is no such version.</summary>
    [ReadOnly]
    Task<Agent?> GetVersionAsync(int version);

    /// <summary>The stored versions, oldest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<AgentVersionInfo>> ListVersionsAsync();

    /// <summary>Removes the agent, its versions and its runs with their traces; returns how many versions were removed.</summary>
    Task<int> DeleteAsync();

    /// <summary><see cref="DeleteAsync"/> when the latest version's ETag is <paramref name="ifMatch"/>; 0 when there is no agent.</summary>
    Task<int> DeleteIfMatchAsync(string? ifMatch);

    /// <summary>The agent's runs, newest first, at most <paramref name="limit"/>.</summary>
    [ReadOnly]
    Task<IReadOnlyList<AgentRun>> ListRunsAsync(int limit);

    /// <summary>From a run grain as its run starts: remembers the run id.</summary>
    [AlwaysInterleave]
    Task OnRunCreatedAsync(string runId);
}

/// <summary>Lists agents (key <see cref="ChatGrainKeys.Global"/> or a user id).</summary>
public interface IAgentCatalogGrain : IGrainWithStringKey
{
    /// <summary>The latest version of every agent of this scope, ordered by id.</summary>
    [ReadOnly]
    Task<IReadOnlyList<Agent>> ListAsync();

    /// <summary>The ids of this scope's agents, ordered.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> ListIdsAsync();

    /// <summary>
    /// Deletes every agent of the scope (with versions, runs and traces) and, in a user's scope, the user's runs of global
    /// agents; returns how many of the scope's own agents there were.
    /// </summary>
    Task<int> DeleteAllAsync();

    /// <summary>A user's catalog: remembers that the user has runs of the global agent <paramref name="agentId"/>.</summary>
    [AlwaysInterleave]
    Task OnGlobalAgentRunAsync(string agentId);

    [AlwaysInterleave]
    Task OnAgentCreatedAsync(string agentId);

    [AlwaysInterleave]
    Task OnAgentDeletedAsync(string agentId);
}

/// <summary>
/// One run of a user's agent (key <c>{userId}/{agentId}/{runId}</c>, <see cref="ChatGrainKeys.AgentRun(string, string, string)"/>)
/// or of a global agent on the user's session (key <c>{userId}/global/{agentId}/{runId}</c>,
/// <see cref="ChatGrainKeys.GlobalAgentRun"/>). The run executes here, so one agent serves many runs at once and a
/// cancel never waits behind the run it cancels.
/// </summary>
public interface IAgentRunGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs one turn: appends the input to the session (idempotent by <see cref="AgentRunRequest.MessageId"/>), builds
    /// the prompt, calls the model, appends the answer, and returns the finished run. Called again on a run that exists,
    /// it returns the run as recorded and runs nothing.
    /// </summary>
    Task<AgentRun> RunAsync(AgentRunRequest request);

    /// <summary>
    /// Checks the request as <see cref="RunAsync"/> does, records the run <c>queued</c> and returns it at once; the turn
    /// then proceeds in this grain (<c>running</c>, then an end status). Called again on a run that exists, it returns
    /// the run as recorded.
    /// </summary>
    Task<AgentRun> StartAsync(AgentRunRequest request);

    /// <summary>
    /// Follows the run: every text delta the model streamed so far in this activation, then the new ones as they arrive,
    /// then the ended run as the last update. On a run that already ended, only the run; nothing when there is no run.
    /// </summary>
    IAsyncEnumerable<AgentRunUpdate> FollowAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The run's trace events after seq <paramref name="after"/> (0: from the first), then the new ones as they are
    /// appended, until the run ends.
    /// </summary>
    IAsyncEnumerable<AgentTraceEvent> FollowTraceAsync(long after, CancellationToken cancellationToken = default);

    /// <summary>The run as recorded, or null when there is no such run.</summary>
    [AlwaysInterleave]
    Task<AgentRun?> GetAsync();

    /// <summary>The run's trace events, oldest first.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<AgentTraceEvent>> GetTraceAsync();

    /// <summary>Cancels the run if it is still queued or running; returns the run (null when there is none).</summary>
    [AlwaysInterleave]
    Task<AgentRun?> CancelAsync();

    /// <summary>
    /// The user's decision on the tool call the run waits for (docs/AGENTS.md, "Approvals"); answers the run. NotFoundError
    /// for an unknown run or a call id that is not the pending one; InconsistentStateException (409) when the run is not
    /// <c>awaiting_approval</c>. Interleaves with the waiting run, as <see cref="CancelAsync"/> does.
    /// </summary>
    [AlwaysInterleave]
    Task<AgentRun> DecideApprovalAsync(AgentApprovalDecision decision);

    /// <summary>Removes the run record and its trace.</summary>
    Task DeleteAsync();
}

/// <summary>The models this silo's configuration names (key <see cref="ChatGrainKeys.Global"/>).</summary>
public interface IModelCatalogGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<IReadOnlyList<ModelInfo>> ListAsync();
}

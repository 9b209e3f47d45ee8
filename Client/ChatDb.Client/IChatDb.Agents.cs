using ChatDb.Grains.Models;

namespace ChatDb.Client;

/// <summary>Agents, their runs and traces, and the configured models (docs/AGENTS.md).</summary>
public partial interface IChatDb
{
    /// <summary>Saves a new version of the user's agent, or of a global agent when <paramref name="userId"/> is null; ValidationError for an unknown model or tool.</summary>
    Task<Agent> SaveAgentAsync(string agentId, AgentDefinition definition, string? userId, CancellationToken cancellationToken = default);

    /// <summary>The latest version, or null when there is no such agent.</summary>
    Task<Agent?> GetAgentAsync(string agentId, string? userId, CancellationToken cancellationToken = default);

    /// <summary>Version <paramref name="version"/>, or null.</summary>
    Task<Agent?> GetAgentVersionAsync(string agentId, int version, string? userId, CancellationToken cancellationToken = default);

    /// <summary>The user's agents (global ones when <paramref name="userId"/> is null), ordered by id.</summary>
    Task<IReadOnlyList<Agent>> ListAgentsAsync(string? userId, CancellationToken cancellationToken = default);

    /// <summary>Removes the agent with its versions, runs and traces; false when there was none.</summary>
    Task<bool> DeleteAgentAsync(string agentId, string? userId, CancellationToken cancellationToken = default);

    /// <summary>The configured models (never their keys).</summary>
    Task<IReadOnlyList<ModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>Runs one turn of the user's agent on a session of the same user and returns the finished run.</summary>
    Task<AgentRun> RunAgentAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts one turn and returns at once with the run <c>queued</c> (REST: <c>wait: false</c>, 202); it proceeds on its
    /// own: follow it with <see cref="GetAgentRunAsync"/> or <see cref="FollowAgentRunTraceAsync"/>, stop it with <see cref="CancelAgentRunAsync"/>.
    /// </summary>
    Task<AgentRun> StartAgentRunAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs one turn with its answer streamed: a <c>delta</c> update per piece of text as the model produces it, then one
    /// <c>run</c> update with the ended run. Cancelling <paramref name="cancellationToken"/> cancels the run itself.
    /// </summary>
    IAsyncEnumerable<AgentRunUpdate> RunAgentStreamingAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// The run's trace events after seq <paramref name="after"/> (0: all), then the new ones as the run appends them;
    /// the sequence ends when the run has ended. NotFoundError when there is no such run.
    /// </summary>
    IAsyncEnumerable<AgentTraceEvent> FollowAgentRunTraceAsync(string userId, string agentId, string runId, long after = 0, CancellationToken cancellationToken = default);

    /// <summary>The agent's runs, newest first.</summary>
    Task<IReadOnlyList<AgentRun>> ListAgentRunsAsync(string userId, string agentId, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>The run, or null.</summary>
    Task<AgentRun?> GetAgentRunAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default);

    /// <summary>Cancels the run if it still runs; the run as it is now, or null when there is none.</summary>
    Task<AgentRun?> CancelAgentRunAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default);

    /// <summary>The run's trace events, oldest first; NotFoundError when there is no such run.</summary>
    Task<IReadOnlyList<AgentTraceEvent>> GetAgentRunTraceAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default);
}

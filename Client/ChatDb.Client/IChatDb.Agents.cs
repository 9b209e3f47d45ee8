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

    /// <summary>The agent's runs, newest first.</summary>
    Task<IReadOnlyList<AgentRun>> ListAgentRunsAsync(string userId, string agentId, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>The run, or null.</summary>
    Task<AgentRun?> GetAgentRunAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default);

    /// <summary>Cancels the run if it still runs; the run as it is now, or null when there is none.</summary>
    Task<AgentRun?> CancelAgentRunAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default);

    /// <summary>The run's trace events, oldest first; NotFoundError when there is no such run.</summary>
    Task<IReadOnlyList<AgentTraceEvent>> GetAgentRunTraceAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default);
}

using ChatDb.Grains.Models;

namespace ChatDb.Client;

/// <summary>
/// A user's runs of a global agent (docs/AGENTS.md, "Runs of global agents"): the same calls as for the user's own
/// agent, on the global agent's definition; the run acts with the user's rights only and is kept under the user.
/// </summary>
public partial interface IChatDb
{
    /// <summary>Runs one turn of the global agent on a session of the user and returns the finished run.</summary>
    Task<AgentRun> RunGlobalAgentAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="StartAgentRunAsync"/>, for the global agent.</summary>
    Task<AgentRun> StartGlobalAgentRunAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="RunAgentStreamingAsync"/>, for the global agent.</summary>
    IAsyncEnumerable<AgentRunUpdate> RunGlobalAgentStreamingAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="FollowAgentRunTraceAsync"/>, for a run of the global agent by the user.</summary>
    IAsyncEnumerable<AgentTraceEvent> FollowGlobalAgentRunTraceAsync(string userId, string agentId, string runId, long after = 0, CancellationToken cancellationToken = default);

    /// <summary>The user's runs of the global agent, newest first.</summary>
    Task<IReadOnlyList<AgentRun>> ListGlobalAgentRunsAsync(string userId, string agentId, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>The user's run of the global agent, or null.</summary>
    Task<AgentRun?> GetGlobalAgentRunAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default);

    /// <summary>Cancels the user's run of the global agent if it still runs; the run as it is now, or null.</summary>
    Task<AgentRun?> CancelGlobalAgentRunAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default);

    /// <summary>The trace of the user's run of the global agent, oldest first; NotFoundError when there is no such run.</summary>
    Task<IReadOnlyList<AgentTraceEvent>> GetGlobalAgentRunTraceAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="DecideAgentApprovalAsync"/>, for a run of the global agent by the user.</summary>
    Task<AgentRun> DecideGlobalAgentApprovalAsync(string userId, string agentId, string runId, AgentApprovalDecision decision, CancellationToken cancellationToken = default);
}

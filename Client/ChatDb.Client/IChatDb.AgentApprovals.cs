using ChatDb.Grains.Models;

namespace ChatDb.Client;

/// <summary>Approvals of agent tool calls (docs/AGENTS.md, "Approvals").</summary>
public partial interface IChatDb
{
    /// <summary>
    /// Approves or rejects the tool call an <c>awaiting_approval</c> run waits for; answers the run. NotFoundError for an
    /// unknown run or call id, InconsistentStateException (409) when the run is not awaiting approval.
    /// </summary>
    Task<AgentRun> DecideAgentApprovalAsync(string userId, string agentId, string runId, AgentApprovalDecision decision, CancellationToken cancellationToken = default);
}

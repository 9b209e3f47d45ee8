using ChatDb.Grains.Models;

namespace ChatDb.Client;

public sealed partial class ChatDbClient
{
    // === Agent approvals ===

    public Task<AgentRun> DecideAgentApprovalAsync(string userId, string agentId, string runId, AgentApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return RunGrain(userId, agentId, runId, globalAgent: false).DecideApprovalAsync(decision).WaitAsync(cancellationToken);
    }
}

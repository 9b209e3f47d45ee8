using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Client;

public sealed partial class ChatDbRestClient
{
    // === Agent approvals ===

    public Task<AgentRun> DecideAgentApprovalAsync(string userId, string agentId, string runId, AgentApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return SendAsync(HttpMethod.Post, RunPath(userId, agentId, runId) + "/approvals", Json(decision, AgentJsonContext.Default.AgentApprovalDecision),
            AgentJsonContext.Default.AgentRun, cancellationToken);
    }
}

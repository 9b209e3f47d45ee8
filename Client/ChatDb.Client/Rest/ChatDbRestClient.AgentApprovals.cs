using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Client;

public sealed partial class ChatDbRestClient
{
    // === Agent approvals ===

    public Task<AgentRun> DecideAgentApprovalAsync(string userId, string agentId, string runId, AgentApprovalDecision decision, CancellationToken cancellationToken = default) =>
        DecideApprovalAsync(RunPath(RunsPath(userId, agentId, globalAgent: false), runId), decision, cancellationToken);

    private Task<AgentRun> DecideApprovalAsync(string run, AgentApprovalDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return SendAsync(HttpMethod.Post, run + "/approvals", Json(decision, AgentJsonContext.Default.AgentApprovalDecision), AgentJsonContext.Default.AgentRun, cancellationToken);
    }
}

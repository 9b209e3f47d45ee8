using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Client;

public sealed partial class ChatDbRestClient
{
    // === Runs of global agents: /users/{u}/global-agents/{a}/runs ===

    public Task<AgentRun> RunGlobalAgentAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default) =>
        RunAsync(RunsPath(userId, agentId, globalAgent: true), request, cancellationToken);

    public Task<AgentRun> StartGlobalAgentRunAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default) =>
        StartAsync(RunsPath(userId, agentId, globalAgent: true), request, cancellationToken);

    public IAsyncEnumerable<AgentRunUpdate> RunGlobalAgentStreamingAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default) =>
        RunStreamingAsync(RunsPath(userId, agentId, globalAgent: true), request, cancellationToken);

    public IAsyncEnumerable<AgentTraceEvent> FollowGlobalAgentRunTraceAsync(string userId, string agentId, string runId, long after = 0, CancellationToken cancellationToken = default) =>
        FollowTraceAsync(RunPath(RunsPath(userId, agentId, globalAgent: true), runId), after, cancellationToken);

    public Task<IReadOnlyList<AgentRun>> ListGlobalAgentRunsAsync(string userId, string agentId, int? limit = null, CancellationToken cancellationToken = default) =>
        ListRunsAsync(RunsPath(userId, agentId, globalAgent: true), limit, cancellationToken);

    public Task<AgentRun?> GetGlobalAgentRunAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync(RunPath(RunsPath(userId, agentId, globalAgent: true), runId), AgentJsonContext.Default.AgentRun, cancellationToken);

    public Task<AgentRun?> CancelGlobalAgentRunAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default) =>
        CancelRunAsync(RunPath(RunsPath(userId, agentId, globalAgent: true), runId), cancellationToken);

    public Task<IReadOnlyList<AgentTraceEvent>> GetGlobalAgentRunTraceAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default) =>
        GetTraceAsync(RunPath(RunsPath(userId, agentId, globalAgent: true), runId), cancellationToken);

    public Task<AgentRun> DecideGlobalAgentApprovalAsync(string userId, string agentId, string runId, AgentApprovalDecision decision, CancellationToken cancellationToken = default) =>
        DecideApprovalAsync(RunPath(RunsPath(userId, agentId, globalAgent: true), runId), decision, cancellationToken);
}

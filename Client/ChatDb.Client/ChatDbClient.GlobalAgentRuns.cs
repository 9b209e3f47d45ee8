using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage.Keys;

namespace ChatDb.Client;

public sealed partial class ChatDbClient
{
    // === Runs of global agents (the same run grain, keyed {userId}/global/{agentId}/{runId}) ===

    public Task<AgentRun> RunGlobalAgentAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default) =>
        RunAsync(NewRunGrain(userId, agentId, globalAgent: true), request, cancellationToken);

    public Task<AgentRun> StartGlobalAgentRunAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default) =>
        StartAsync(NewRunGrain(userId, agentId, globalAgent: true), request, cancellationToken);

    public IAsyncEnumerable<AgentRunUpdate> RunGlobalAgentStreamingAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default) =>
        RunStreamingAsync(NewRunGrain(userId, agentId, globalAgent: true), request, cancellationToken);

    public IAsyncEnumerable<AgentTraceEvent> FollowGlobalAgentRunTraceAsync(string userId, string agentId, string runId, long after = 0, CancellationToken cancellationToken = default) =>
        FollowTraceAsync(RunGrain(userId, agentId, runId, globalAgent: true), RunSubject(userId, agentId, runId, globalAgent: true), after, cancellationToken);

    public Task<IReadOnlyList<AgentRun>> ListGlobalAgentRunsAsync(string userId, string agentId, int? limit = null, CancellationToken cancellationToken = default) =>
        _client.GetGrain<IGlobalAgentRunsGrain>(ChatGrainKeys.GlobalAgentRuns(ClientIds.Require(userId, "user id"), ClientIds.Require(agentId, "agent id")))
            .ListRunsAsync(limit ?? DefaultRunPage).WaitAsync(cancellationToken);

    public Task<AgentRun?> GetGlobalAgentRunAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default) =>
        RunGrain(userId, agentId, runId, globalAgent: true).GetAsync().WaitAsync(cancellationToken);

    public Task<AgentRun?> CancelGlobalAgentRunAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default) =>
        RunGrain(userId, agentId, runId, globalAgent: true).CancelAsync().WaitAsync(cancellationToken);

    public Task<IReadOnlyList<AgentTraceEvent>> GetGlobalAgentRunTraceAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default) =>
        GetTraceAsync(RunGrain(userId, agentId, runId, globalAgent: true), RunSubject(userId, agentId, runId, globalAgent: true), cancellationToken);

    public Task<AgentRun> DecideGlobalAgentApprovalAsync(string userId, string agentId, string runId, AgentApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return RunGrain(userId, agentId, runId, globalAgent: true).DecideApprovalAsync(decision).WaitAsync(cancellationToken);
    }
}

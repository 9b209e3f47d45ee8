using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Client;

public sealed partial class ChatDbRestClient
{
    // === Agents ===

    public Task<Agent> SaveAgentAsync(string agentId, AgentDefinition definition, string? userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return SendAsync(HttpMethod.Put, AgentPath(agentId, userId), Json(definition, AgentJsonContext.Default.AgentDefinition),
            AgentJsonContext.Default.Agent, cancellationToken);
    }

    public Task<Agent?> GetAgentAsync(string agentId, string? userId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync(AgentPath(agentId, userId), AgentJsonContext.Default.Agent, cancellationToken);

    public Task<Agent?> GetAgentVersionAsync(string agentId, int version, string? userId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync($"{AgentPath(agentId, userId)}/versions/{version}", AgentJsonContext.Default.Agent, cancellationToken);

    public Task<IReadOnlyList<Agent>> ListAgentsAsync(string? userId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, userId is null ? "agents" : User(userId) + "/agents", content: null, AgentJsonContext.Default.IReadOnlyListAgent, cancellationToken);

    public async Task<bool> DeleteAgentAsync(string agentId, string? userId, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, AgentPath(agentId, userId), content: null, nullOnNotFound: true, cancellationToken).ConfigureAwait(false);
        return response is not null;
    }

    public Task<IReadOnlyList<ModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "models", content: null, AgentJsonContext.Default.IReadOnlyListModelInfo, cancellationToken);

    public Task<AgentRun> RunAgentAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Post, AgentPath(agentId, userId) + "/runs", Json(request, AgentJsonContext.Default.AgentRunRequest),
            AgentJsonContext.Default.AgentRun, cancellationToken);
    }

    public Task<IReadOnlyList<AgentRun>> ListAgentRunsAsync(string userId, string agentId, int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, new QueryString(AgentPath(agentId, userId) + "/runs").Add("limit", limit).ToString(), content: null,
            AgentJsonContext.Default.IReadOnlyListAgentRun, cancellationToken);

    public Task<AgentRun?> GetAgentRunAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync(RunPath(userId, agentId, runId), AgentJsonContext.Default.AgentRun, cancellationToken);

    public async Task<AgentRun?> CancelAgentRunAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default)
    {
        var path = RunPath(userId, agentId, runId);
        using var response = await SendAsync(HttpMethod.Delete, path, content: null, nullOnNotFound: true, cancellationToken).ConfigureAwait(false);
        return response is null ? null : await ReadAsync(response, AgentJsonContext.Default.AgentRun, HttpMethod.Delete, path, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<AgentTraceEvent>> GetAgentRunTraceAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, RunPath(userId, agentId, runId) + "/trace", content: null, AgentJsonContext.Default.IReadOnlyListAgentTraceEvent, cancellationToken);

    private static string AgentPath(string agentId, string? userId) =>
        userId is null
            ? "agents/" + ClientIds.Segment(agentId, "agent id")
            : $"{User(userId)}/agents/{ClientIds.Segment(agentId, "agent id")}";

    private static string RunPath(string userId, string agentId, string runId) =>
        $"{AgentPath(agentId, userId)}/runs/{ClientIds.Segment(runId, "run id")}";
}

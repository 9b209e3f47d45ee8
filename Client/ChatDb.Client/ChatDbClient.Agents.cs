using System.Runtime.CompilerServices;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Keys;

namespace ChatDb.Client;

public sealed partial class ChatDbClient
{
    // === Agents ===

    public Task<Agent> SaveAgentAsync(string agentId, AgentDefinition definition, string? userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return AgentGrain(agentId, userId).SaveAsync(definition).WaitAsync(cancellationToken);
    }

    public Task<Agent?> GetAgentAsync(string agentId, string? userId, CancellationToken cancellationToken = default) =>
        AgentGrain(agentId, userId).GetAsync().WaitAsync(cancellationToken);

    public Task<Agent?> GetAgentVersionAsync(string agentId, int version, string? userId, CancellationToken cancellationToken = default) =>
        AgentGrain(agentId, userId).GetVersionAsync(version).WaitAsync(cancellationToken);

    public Task<IReadOnlyList<Agent>> ListAgentsAsync(string? userId, CancellationToken cancellationToken = default) =>
        _client.GetGrain<IAgentCatalogGrain>(ChatGrainKeys.AgentCatalog(userId is null ? null : ClientIds.Require(userId, "user id")))
            .ListAsync().WaitAsync(cancellationToken);

    public async Task<bool> DeleteAgentAsync(string agentId, string? userId, CancellationToken cancellationToken = default)
    {
        var grain = AgentGrain(agentId, userId);
        var existed = await grain.GetAsync().WaitAsync(cancellationToken).ConfigureAwait(false) is not null;
        await grain.DeleteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return existed;
    }

    public Task<IReadOnlyList<ModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        _client.GetGrain<IModelCatalogGrain>(ChatGrainKeys.Global).ListAsync().WaitAsync(cancellationToken);

    /// <summary>Runs one turn; <paramref name="cancellationToken"/> cancels the run itself (it ends <c>cancelled</c>), not only the wait.</summary>
    public Task<AgentRun> RunAgentAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default) =>
        RunAsync(NewRunGrain(userId, agentId, globalAgent: false), request, cancellationToken);

    public Task<AgentRun> StartAgentRunAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default) =>
        StartAsync(NewRunGrain(userId, agentId, globalAgent: false), request, cancellationToken);

    public IAsyncEnumerable<AgentRunUpdate> RunAgentStreamingAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default) =>
        RunStreamingAsync(NewRunGrain(userId, agentId, globalAgent: false), request, cancellationToken);

    public IAsyncEnumerable<AgentTraceEvent> FollowAgentRunTraceAsync(string userId, string agentId, string runId, long after = 0, CancellationToken cancellationToken = default) =>
        FollowTraceAsync(RunGrain(userId, agentId, runId, globalAgent: false), RunSubject(userId, agentId, runId, globalAgent: false), after, cancellationToken);

    public Task<IReadOnlyList<AgentRun>> ListAgentRunsAsync(string userId, string agentId, int? limit = null, CancellationToken cancellationToken = default) =>
        AgentGrain(agentId, ClientIds.Require(userId, "user id")).ListRunsAsync(limit ?? DefaultRunPage).WaitAsync(cancellationToken);

    public Task<AgentRun?> GetAgentRunAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default) =>
        RunGrain(userId, agentId, runId, globalAgent: false).GetAsync().WaitAsync(cancellationToken);

    public Task<AgentRun?> CancelAgentRunAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default) =>
        RunGrain(userId, agentId, runId, globalAgent: false).CancelAsync().WaitAsync(cancellationToken);

    public Task<IReadOnlyList<AgentTraceEvent>> GetAgentRunTraceAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default) =>
        GetTraceAsync(RunGrain(userId, agentId, runId, globalAgent: false), RunSubject(userId, agentId, runId, globalAgent: false), cancellationToken);

    private static async Task<AgentRun> RunAsync(IAgentRunGrain grain, AgentRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var cancel = cancellationToken.Register(() => _ = grain.CancelAsync());
        return await grain.RunAsync(request).ConfigureAwait(false);
    }

    private static Task<AgentRun> StartAsync(IAgentRunGrain grain, AgentRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return grain.StartAsync(request).WaitAsync(cancellationToken);
    }

    private static async IAsyncEnumerable<AgentRunUpdate> RunStreamingAsync(
        IAgentRunGrain grain, AgentRunRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await grain.StartAsync(request with { Stream = true }).ConfigureAwait(false);
        using var cancel = cancellationToken.Register(() => _ = grain.CancelAsync());
        await foreach (var update in grain.FollowAsync(cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    private static async IAsyncEnumerable<AgentTraceEvent> FollowTraceAsync(
        IAgentRunGrain grain, string subject, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (await grain.GetAsync().WaitAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            throw new NotFoundError($"{subject} does not exist.");
        }

        await foreach (var traceEvent in grain.FollowTraceAsync(after, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return traceEvent;
        }
    }

    private static async Task<IReadOnlyList<AgentTraceEvent>> GetTraceAsync(IAgentRunGrain grain, string subject, CancellationToken cancellationToken)
    {
        if (await grain.GetAsync().WaitAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            throw new NotFoundError($"{subject} does not exist.");
        }

        return await grain.GetTraceAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The runs a list returns when the caller names no limit.</summary>
    private const int DefaultRunPage = 50;

    private IAgentGrain AgentGrain(string agentId, string? userId)
    {
        var agent = ClientIds.Require(agentId, "agent id");
        return _client.GetGrain<IAgentGrain>(userId is null
            ? ChatGrainKeys.GlobalAgent(agent)
            : ChatGrainKeys.UserAgent(ClientIds.Require(userId, "user id"), agent));
    }

    /// <summary>The grain of a run of the user's own agent, or of the global agent run by the user when <paramref name="globalAgent"/>.</summary>
    private IAgentRunGrain RunGrain(string userId, string agentId, string runId, bool globalAgent)
    {
        var (user, agent, run) = (ClientIds.Require(userId, "user id"), ClientIds.Require(agentId, "agent id"), ChatGrainKeys.RunId(runId));
        return _client.GetGrain<IAgentRunGrain>(globalAgent ? ChatGrainKeys.GlobalAgentRun(user, agent, run) : ChatGrainKeys.AgentRun(user, agent, run));
    }

    private IAgentRunGrain NewRunGrain(string userId, string agentId, bool globalAgent) => RunGrain(userId, agentId, ChatGrainKeys.NewRunId(), globalAgent);

    private static string RunSubject(string userId, string agentId, string runId, bool globalAgent) =>
        globalAgent ? $"run {runId} of global agent {agentId} by user {userId}" : $"run {runId} of agent {agentId} of user {userId}";
}

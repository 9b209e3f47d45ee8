using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using ChatDb.Storage.Fencing;

namespace ChatDb.Grains.Agents;

/// <summary>
/// One user's runs of one global agent (key <c>{userId}/{agentId}</c>): their ids, oldest first, in state <c>runs</c>
/// (<c>users/{u}/agents/global_runs/{a}.json</c>). The first run also tells the user's agent catalog, so deleting the
/// user finds this list.
/// </summary>
[FencedEntity]
[GrainType(AgentGrainTypes.GlobalAgentRuns)]
public sealed class GlobalAgentRunsGrain : Grain, IGlobalAgentRunsGrain
{
    private readonly IPersistentState<AgentRunIndex> _runs;
    private readonly ILogger<GlobalAgentRunsGrain> _logger;
    private readonly SemaphoreSlim _runsGate = new(1, 1);
    private string _userId = string.Empty;
    private string _agentId = string.Empty;

    public GlobalAgentRunsGrain([PersistentState("runs")] IPersistentState<AgentRunIndex> runs, ILogger<GlobalAgentRunsGrain> logger)
    {
        _runs = runs;
        _logger = logger;
    }

    private string Subject => $"runs of global agent {_agentId} by user {_userId}";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_userId, _agentId) = ChatGrainKeys.ParseGlobalAgentRuns(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AgentRun>> ListRunsAsync(int limit) =>
        AgentRunLists.NewestAsync(GrainFactory, _runs.State.RunIds, limit, RunKey, Subject);

    public async Task OnRunCreatedAsync(string runId)
    {
        ChatGrainKeys.RunId(runId);
        bool first;
        await _runsGate.WaitAsync();
        try
        {
            if (_runs.State.RunIds.Contains(runId, StringComparer.Ordinal))
            {
                return;
            }

            first = _runs.State.RunIds.Count == 0;
            await _runs.WriteOrRevertAsync(new AgentRunIndex { RunIds = [.. _runs.State.RunIds, runId] });
        }
        finally
        {
            _runsGate.Release();
        }

        if (first)
        {
            try
            {
                await GrainFactory.GetGrain<IAgentCatalogGrain>(ChatGrainKeys.AgentCatalog(_userId)).OnGlobalAgentRunAsync(_agentId);
            }
            catch (Exception error)
            {
                GrainLog.NotificationFailed(_logger, error, "the agent catalog", "the first " + Subject);
            }
        }
    }

    /// <summary>Each run grain removes its record and trace, then the list goes.</summary>
    public async Task<int> DeleteAllAsync()
    {
        var ids = _runs.State.RunIds.ToList();
        foreach (var runId in ids)
        {
            await GrainFactory.GetGrain<IAgentRunGrain>(RunKey(runId)).DeleteAsync();
        }

        await _runs.ClearStateAsync();
        _runs.State = new AgentRunIndex();
        return ids.Count;
    }

    private string RunKey(string runId) => ChatGrainKeys.GlobalAgentRun(_userId, _agentId, runId);
}

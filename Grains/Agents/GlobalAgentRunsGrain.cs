using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Logs;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using ChatDb.Storage.Fencing;

namespace ChatDb.Grains.Agents;

/// <summary>
/// One user's runs of one global agent (key <c>{userId}/{agentId}</c>): their ids, oldest first, in the append-only log
/// <c>runs</c> (<c>users/{u}/agents/global_runs/{a}.jsonl</c>, <see cref="RunList"/>). The first run also tells the user's agent catalog, so deleting the
/// user finds this list.
/// </summary>
[FencedEntity]
[GrainType(AgentGrainTypes.GlobalAgentRuns)]
public sealed class GlobalAgentRunsGrain : Grain, IGlobalAgentRunsGrain
{
    private readonly RunList _runs;
    private readonly ILogger<GlobalAgentRunsGrain> _logger;
    private string _userId = string.Empty;
    private string _agentId = string.Empty;

    public GlobalAgentRunsGrain([PersistentLog("runs", LoadOnActivation = false)] IPersistentLog<RunListEntry> runs, ILogger<GlobalAgentRunsGrain> logger)
    {
        _runs = new RunList(runs);
        _logger = logger;
    }

    private string Subject => $"runs of global agent {_agentId} by user {_userId}";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_userId, _agentId) = ChatGrainKeys.ParseGlobalAgentRuns(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AgentRun>> ListRunsAsync(int limit) =>
        AgentRunLists.NewestAsync(GrainFactory, _runs, limit, RunKey, Subject);

    public async Task OnRunCreatedAsync(string runId)
    {
        ChatGrainKeys.RunId(runId);
        var (_, first) = await _runs.AddAsync(runId);
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

    /// <summary>Each run grain removes its record and trace (the list read a page at a time), then the list goes.</summary>
    public async Task<int> DeleteAllAsync()
    {
        var count = await _runs.ForEachAsync(runId => GrainFactory.GetGrain<IAgentRunGrain>(RunKey(runId)).DeleteAsync());
        await _runs.ClearAsync();
        return (int)Math.Min(count, int.MaxValue);
    }

    private string RunKey(string runId) => ChatGrainKeys.GlobalAgentRun(_userId, _agentId, runId);
}

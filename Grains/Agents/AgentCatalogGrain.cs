using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using Orleans;
using Orleans.Runtime;
using ChatDb.Storage.Fencing;

namespace ChatDb.Grains.Agents;

/// <summary>
/// Lists the agents of one scope (key <c>global</c> or a user id) from its own small <c>index</c> state, which the
/// agent grains update when an agent is created or deleted. Contents always come from the agent grains.
/// </summary>
[FencedEntity]
[GrainType(AgentGrainTypes.AgentCatalog)]
public sealed class AgentCatalogGrain : Grain, IAgentCatalogGrain
{
    private readonly IPersistentState<AgentCatalogIndex> _index;
    private readonly SemaphoreSlim _indexGate = new(1, 1);
    private string? _userId;

    public AgentCatalogGrain([PersistentState("index")] IPersistentState<AgentCatalogIndex> index)
    {
        _index = index;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _userId = ChatGrainKeys.ParseAgentCatalog(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<Agent>> ListAsync()
    {
        var agents = await Task.WhenAll(_index.State.AgentIds.Select(id => Agent(id).GetAsync()));
        return agents.OfType<Agent>().OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
    }

    public Task<IReadOnlyList<string>> ListIdsAsync() =>
        Task.FromResult<IReadOnlyList<string>>(_index.State.AgentIds.Order(StringComparer.Ordinal).ToList());

    public async Task<int> DeleteAllAsync()
    {
        var ids = _index.State.AgentIds.ToList();
        foreach (var id in ids)
        {
            await Agent(id).DeleteAsync();
        }

        if (_userId is { } userId)
        {
            foreach (var id in _index.State.GlobalAgentRunIds.ToList())
            {
                await GrainFactory.GetGrain<IGlobalAgentRunsGrain>(ChatGrainKeys.GlobalAgentRuns(userId, id)).DeleteAllAsync();
            }
        }

        await ChangeIndexAsync(_ => new AgentCatalogIndex());
        return ids.Count;
    }

    public async Task OnGlobalAgentRunAsync(string agentId)
    {
        if (_userId is null)
        {
            throw new ValidationError("the global agent catalog keeps no runs: runs of a global agent are listed under the user who ran them.");
        }

        if (!_index.State.GlobalAgentRunIds.Contains(agentId, StringComparer.Ordinal))
        {
            var id = EntityIdValidator.Validate(agentId, "agent id");
            await ChangeIndexAsync(index => new AgentCatalogIndex { AgentIds = index.AgentIds, GlobalAgentRunIds = [.. index.GlobalAgentRunIds, id] });
        }
    }

    public async Task OnAgentCreatedAsync(string agentId)
    {
        if (!_index.State.AgentIds.Contains(agentId, StringComparer.Ordinal))
        {
            var id = EntityIdValidator.Validate(agentId, "agent id");
            await ChangeIndexAsync(index => new AgentCatalogIndex { AgentIds = [.. index.AgentIds, id], GlobalAgentRunIds = index.GlobalAgentRunIds });
        }
    }

    public async Task OnAgentDeletedAsync(string agentId)
    {
        if (_index.State.AgentIds.Contains(agentId, StringComparer.Ordinal))
        {
            await ChangeIndexAsync(index => new AgentCatalogIndex { AgentIds = [.. index.AgentIds.Where(id => id != agentId)], GlobalAgentRunIds = index.GlobalAgentRunIds });
        }
    }

    private IAgentGrain Agent(string agentId) =>
        GrainFactory.GetGrain<IAgentGrain>(_userId is null ? ChatGrainKeys.GlobalAgent(agentId) : ChatGrainKeys.UserAgent(_userId, agentId));

    /// <summary>Notifications interleave, so changes are applied and written one at a time; an empty index is removed.</summary>
    private async Task ChangeIndexAsync(Func<AgentCatalogIndex, AgentCatalogIndex> change)
    {
        await _indexGate.WaitAsync();
        try
        {
            var changed = change(_index.State);
            if (changed.AgentIds.Count == 0 && changed.GlobalAgentRunIds.Count == 0)
            {
                await _index.ClearStateAsync();
                _index.State = new AgentCatalogIndex();
            }
            else
            {
                await _index.WriteOrRevertAsync(changed);
            }
        }
        finally
        {
            _indexGate.Release();
        }
    }
}

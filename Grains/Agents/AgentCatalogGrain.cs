using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using Orleans;
using Orleans.Runtime;

namespace ChatDb.Grains.Agents;

/// <summary>
/// Lists the agents of one scope (key <c>global</c> or a user id) from its own small <c>index</c> state, which the
/// agent grains update when an agent is created or deleted. Contents always come from the agent grains.
/// </summary>
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

        await ChangeIndexAsync(_ => []);
        return ids.Count;
    }

    public async Task OnAgentCreatedAsync(string agentId)
    {
        if (!_index.State.AgentIds.Contains(agentId, StringComparer.Ordinal))
        {
            await ChangeIndexAsync(ids => [.. ids, EntityIdValidator.Validate(agentId, "agent id")]);
        }
    }

    public async Task OnAgentDeletedAsync(string agentId)
    {
        if (_index.State.AgentIds.Contains(agentId, StringComparer.Ordinal))
        {
            await ChangeIndexAsync(ids => [.. ids.Where(id => id != agentId)]);
        }
    }

    private IAgentGrain Agent(string agentId) =>
        GrainFactory.GetGrain<IAgentGrain>(_userId is null ? ChatGrainKeys.GlobalAgent(agentId) : ChatGrainKeys.UserAgent(_userId, agentId));

    /// <summary>Notifications interleave, so changes are applied and written one at a time; an empty index is removed.</summary>
    private async Task ChangeIndexAsync(Func<List<string>, List<string>> change)
    {
        await _indexGate.WaitAsync();
        try
        {
            var ids = change(_index.State.AgentIds);
            if (ids.Count == 0)
            {
                await _index.ClearStateAsync();
                _index.State = new AgentCatalogIndex();
            }
            else
            {
                await _index.WriteOrRevertAsync(new AgentCatalogIndex { AgentIds = ids });
            }
        }
        finally
        {
            _indexGate.Release();
        }
    }
}

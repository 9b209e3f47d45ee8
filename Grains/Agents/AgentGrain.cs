using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Agents.Tools;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage.Files;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Logs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Providers;
using Orleans.Runtime;
using ChatDb.Storage.Fencing;

namespace ChatDb.Grains.Agents;

/// <summary>
/// An agent (key <c>{agentId}</c> global, <c>{userId}/{agentId}</c> a user's): the latest version in state
/// <c>agent</c>, every version n in file <c>v{n}.json</c> of the <c>versions</c> collection, and the ids of its runs
/// in the append-only log <c>runs</c> (<see cref="RunList"/>). Saved like a persona: the version file first, then the latest.
/// </summary>
[FencedEntity]
[GrainType(AgentGrainTypes.Agent)]
public sealed class AgentGrain : Grain, IAgentGrain
{
    private readonly IPersistentState<Agent?> _agent;
    private readonly RunList _runs;
    private readonly IGrainFileStorage _files;
    private readonly ModelRegistry _models;
    private readonly AgentToolCatalog _tools;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentGrain> _logger;
    private string? _userId;
    private string _agentId = string.Empty;
    private VersionFiles<Agent> _versions = null!;

    public AgentGrain(
        [PersistentState("agent")] IPersistentState<Agent?> agent,
        [PersistentLog("runs", LoadOnActivation = false)] IPersistentLog<RunListEntry> runs,
        [FromKeyedServices(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)] IGrainFileStorage files,
        ModelRegistry models,
        AgentToolCatalog tools,
        TimeProvider time,
        ILogger<AgentGrain> logger)
    {
        _agent = agent;
        _runs = new RunList(runs);
        _files = files;
        _models = models;
        _tools = tools;
        _time = time;
        _logger = logger;
    }

    private string Subject => _userId is null ? $"global agent {_agentId}" : $"agent {_agentId} of user {_userId}";

    private IAgentCatalogGrain Catalog => GrainFactory.GetGrain<IAgentCatalogGrain>(ChatGrainKeys.AgentCatalog(_userId));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_userId, _agentId) = ChatGrainKeys.ParseAgent(this.GetPrimaryKeyString());
        _versions = new VersionFiles<Agent>(_files, this.GetGrainId(), Subject);
        return Task.CompletedTask;
    }

    public async Task<Agent> SaveAsync(AgentDefinition definition)
    {
        var isNew = _agent.State is null;
        var agent = AgentDefinitionRules.Create(definition, _agentId, _userId, (_agent.State?.Version ?? 0) + 1, ChatClock.Now(_time), _models, _tools, Subject);
        await _tools.CheckAsync(agent.Tools, Subject);
        await _versions.WriteAsync(agent.Version, agent);
        await _agent.WriteOrRevertAsync(agent);
        if (isNew)
        {
            await NotifyCatalogAsync("the creation of " + Subject, catalog => catalog.OnAgentCreatedAsync(_agentId));
        }

        return agent;
    }

    public async Task<ETagged<Agent>> SaveIfMatchAsync(AgentDefinition definition, string? ifMatch)
    {
        EnsureMatches(ifMatch);
        return EntityTags.Tag(await SaveAsync(definition));
    }

    public Task<Agent?> GetAsync() => Task.FromResult(_agent.State);

    public Task<ETagged<Agent>?> GetWithETagAsync() =>
        Task.FromResult(_agent.State is { } agent ? EntityTags.Tag(agent) : null);

    public Task<Agent?> GetVersionAsync(int version) => _versions.ReadAsync(version);

    public Task<IReadOnlyList<AgentVersionInfo>> ListVersionsAsync() =>
        _versions.ListAsync((version, size, storedAt) => new AgentVersionInfo(version, size, storedAt));

    /// <summary>The runs first (each run grain removes its record and trace), then the latest version, then the versions.</summary>
    public async Task<int> DeleteAsync()
    {
        var existed = _agent.State is not null;
        var versions = (await ListVersionsAsync()).Count;
        if (_userId is { } userId)
        {
            await _runs.ForEachAsync(runId => GrainFactory.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun(userId, _agentId, runId)).DeleteAsync());
        }

        await _runs.ClearAsync();
        await _agent.ClearStateAsync();
        await _files.DeleteAllAsync(this.GetGrainId());
        if (existed)
        {
            await NotifyCatalogAsync("the deletion of " + Subject, catalog => catalog.OnAgentDeletedAsync(_agentId));
        }

        return versions;
    }

    public async Task<int> DeleteIfMatchAsync(string? ifMatch)
    {
        if (_agent.State is not null)
        {
            EnsureMatches(ifMatch);
        }

        return await DeleteAsync();
    }

    /// <summary>A global agent keeps no runs here: each user's runs of it are listed under that user (<see cref="IGlobalAgentRunsGrain"/>).</summary>
    public Task<IReadOnlyList<AgentRun>> ListRunsAsync(int limit) =>
        AgentRunLists.NewestAsync(GrainFactory, _userId is null ? null : _runs, limit, id => ChatGrainKeys.AgentRun(_userId!, _agentId, id), Subject);

    public async Task OnRunCreatedAsync(string runId)
    {
        ChatGrainKeys.RunId(runId);
        await _runs.AddAsync(runId);
    }

    private void EnsureMatches(string? ifMatch) =>
        EntityTags.Ensure(ifMatch, () => _agent.State is { } agent ? EntityTags.Of(agent) : null, Subject);

    private async Task NotifyCatalogAsync(string what, Func<IAgentCatalogGrain, Task> notify)
    {
        try
        {
            await notify(Catalog);
        }
        catch (Exception error)
        {
            GrainLog.NotificationFailed(_logger, error, "the agent catalog", what);
        }
    }
}

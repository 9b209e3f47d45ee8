using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;
using Orleans;
using ChatDb.Storage.Keys;
using Orleans.Concurrency;

namespace ChatDb.Grains.Agents;

/// <summary>The silo's configured models for clients that reach the cluster through the gateway; stores nothing.</summary>
[GrainType(AgentGrainTypes.ModelCatalog)]
[StatelessWorker]
public sealed class ModelCatalogGrain(ModelRegistry models) : Grain, IModelCatalogGrain
{
    public Task<IReadOnlyList<ModelInfo>> ListAsync() => Task.FromResult(models.List());
}

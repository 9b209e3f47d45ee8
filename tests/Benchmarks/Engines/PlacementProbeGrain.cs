using Orleans;
using Orleans.Placement;

namespace ChatDb.Benchmarks.Engines;

/// <summary>No state: a call measures Orleans' call path to wherever the activation lives.</summary>
[RandomPlacement]
public sealed class PlacementProbeGrain : Grain, IPlacementProbeGrain
{
    public Task<string> WhereAsync() => Task.FromResult(RuntimeIdentity);

    public Task PingAsync() => Task.CompletedTask;
}

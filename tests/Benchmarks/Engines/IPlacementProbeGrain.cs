using Orleans;

namespace ChatDb.Benchmarks.Engines;

/// <summary>A grain that tells which silo it is active on, placed at random so a cluster's silos all get some.</summary>
public interface IPlacementProbeGrain : IGrainWithIntegerKey
{
    /// <summary>The runtime identity of the silo holding this activation.</summary>
    Task<string> WhereAsync();

    Task PingAsync();
}

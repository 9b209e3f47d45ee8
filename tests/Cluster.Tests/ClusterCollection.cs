namespace ChatDb.Cluster.Tests;

/// <summary>
/// The cluster tests run one after another: each starts several silos, and the time-to-dead they measure should
/// not include another test's silos competing for the same two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}

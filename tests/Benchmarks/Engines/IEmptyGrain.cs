using Orleans;

namespace ChatDb.Benchmarks.Engines;

/// <summary>A grain that does nothing, for what an activation costs Orleans itself.</summary>
public interface IEmptyGrain : IGrainWithStringKey
{
    Task PingAsync();
}

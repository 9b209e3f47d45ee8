using Orleans;

namespace ChatDb.Benchmarks.Engines;

/// <summary>No state, no fields: its activation holds only what Orleans gives every activation.</summary>
public sealed class EmptyGrain : Grain, IEmptyGrain
{
    public Task PingAsync() => Task.CompletedTask;
}

using System.Collections.Concurrent;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace ChatDb.Storage.Tests.Cluster;

/// <summary>An <see cref="IGrainStorage"/> that counts the reads it passes on, so tests can see when a state is read.</summary>
public sealed class RecordingGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string StateName, GrainId GrainId), int> _reads = new();

    public int ReadsOf(string stateName, GrainId grainId) => _reads.GetValueOrDefault((stateName, grainId));

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _reads.AddOrUpdate((stateName, grainId), 1, static (_, count) => count + 1);
        return inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}

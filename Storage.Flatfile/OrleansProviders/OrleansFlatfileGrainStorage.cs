using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.States;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Legacy = ChatDb.Runtime.Storage;

namespace ChatDb.Storage.Flatfile.OrleansProviders;

/// <summary>
/// Grain state in the documented layout as an Orleans <see cref="IGrainStorage"/>, delegating to the
/// engine's <see cref="FlatfileGrainStorage"/> (same files, ETags and conflicts). A missing record, and the
/// state after a clear, is <see cref="DefaultState"/>: null for a positional record, never an uninitialised
/// object. The grain state is copied into the old runtime's shape and back (<see cref="LegacyRuntimeBridge"/>);
/// after a failed write or clear the caller's ETag and RecordExists are left as they were.
/// </summary>
public sealed class OrleansFlatfileGrainStorage : IGrainStorage
{
    private readonly FlatfileGrainStorage _engine;

    public OrleansFlatfileGrainStorage(FlatfileGrainStorage engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
    }

    /// <summary>The name this provider is registered under.</summary>
    public string Name => _engine.Name;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var legacy = ToLegacy(grainState);
        return LegacyRuntimeBridge.RunAsync(async () =>
        {
            await _engine.ReadStateAsync(stateName, LegacyRuntimeBridge.ToLegacy(grainId), legacy).ConfigureAwait(false);
            grainState.State = legacy.RecordExists ? legacy.State : DefaultState.Create<T>();
            grainState.ETag = legacy.ETag;
            grainState.RecordExists = legacy.RecordExists;
        });
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var legacy = ToLegacy(grainState);
        return LegacyRuntimeBridge.RunAsync(async () =>
        {
            await _engine.WriteStateAsync(stateName, LegacyRuntimeBridge.ToLegacy(grainId), legacy).ConfigureAwait(false);
            grainState.ETag = legacy.ETag;
            grainState.RecordExists = legacy.RecordExists;
        });
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var legacy = ToLegacy(grainState);
        return LegacyRuntimeBridge.RunAsync(async () =>
        {
            await _engine.ClearStateAsync(stateName, LegacyRuntimeBridge.ToLegacy(grainId), legacy).ConfigureAwait(false);
            grainState.State = DefaultState.Create<T>();
            grainState.ETag = legacy.ETag;
            grainState.RecordExists = false;
        });
    }

    private static Legacy.GrainState<T> ToLegacy<T>(IGrainState<T> grainState) =>
        new(grainState.State!) { ETag = grainState.ETag, RecordExists = grainState.RecordExists };

    public override string ToString() => $"flatfile grain storage '{Name}'";
}

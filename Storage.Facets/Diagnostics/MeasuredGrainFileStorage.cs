using ChatDb.Storage.Files;
using Orleans.Runtime;

namespace ChatDb.Storage.Diagnostics;

/// <summary>
/// The file provider registered under <see cref="Name"/>, with each operation measured
/// (<see cref="StorageInstruments"/>). Every <c>AddGrainFileStorage</c> registration puts its provider behind
/// one, so no provider measures itself.
/// </summary>
public sealed class MeasuredGrainFileStorage(string name, IGrainFileStorage inner) : IGrainFileStorage
{
    public string Name { get; } = name;

    /// <summary>The provider that does the work.</summary>
    public IGrainFileStorage Inner { get; } = inner;

    public Task WriteAsync(GrainId grainId, string collection, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        StorageInstruments.MeasureAsync(Name, StorageOperations.FileWrite, () => Inner.WriteAsync(grainId, collection, name, content, cancellationToken));

    public Task<byte[]?> ReadAsync(GrainId grainId, string collection, string name, CancellationToken cancellationToken = default) =>
        StorageInstruments.MeasureAsync(Name, StorageOperations.FileRead, () => Inner.ReadAsync(grainId, collection, name, cancellationToken));

    public Task<IReadOnlyList<GrainFileInfo>> ListAsync(GrainId grainId, string collection, CancellationToken cancellationToken = default) =>
        StorageInstruments.MeasureAsync(Name, StorageOperations.FileList, () => Inner.ListAsync(grainId, collection, cancellationToken));

    public Task<bool> DeleteAsync(GrainId grainId, string collection, string name, CancellationToken cancellationToken = default) =>
        StorageInstruments.MeasureAsync(Name, StorageOperations.FileDelete, () => Inner.DeleteAsync(grainId, collection, name, cancellationToken));

    public Task<long> DeleteAllAsync(GrainId grainId, CancellationToken cancellationToken = default) =>
        StorageInstruments.MeasureAsync(Name, StorageOperations.FileDeleteAll, () => Inner.DeleteAllAsync(grainId, cancellationToken));

    public override string ToString() => Inner.ToString() ?? Name;
}

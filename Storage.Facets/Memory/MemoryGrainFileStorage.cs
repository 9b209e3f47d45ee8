using System.Collections.Concurrent;
using ChatDb.Storage.Files;
using Orleans.Runtime;

namespace ChatDb.Storage.Memory;

/// <summary>
/// Grain-owned files kept in process memory, for tests. Content is copied in and out so callers never
/// share buffers with the store; <see cref="GrainFileInfo.LastModified"/> comes from the injected clock.
/// </summary>
public sealed class MemoryGrainFileStorage : IGrainFileStorage
{
    private readonly ConcurrentDictionary<(GrainId Grain, string Collection, string Name), StoredFile> _files = new();
    private readonly TimeProvider _timeProvider;

    public MemoryGrainFileStorage(string providerName, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(providerName);
        Name = providerName;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The name this provider is registered under.</summary>
    public string Name { get; }

    public Task WriteAsync(GrainId grainId, string collection, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(collection);
        ArgumentException.ThrowIfNullOrEmpty(name);
        _files[(grainId, collection, name)] = new StoredFile(content.ToArray(), _timeProvider.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task<byte[]?> ReadAsync(GrainId grainId, string collection, string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_files.TryGetValue((grainId, collection, name), out var file) ? (byte[]?)file.Content.ToArray() : null);

    public Task<IReadOnlyList<GrainFileInfo>> ListAsync(GrainId grainId, string collection, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<GrainFileInfo> files = _files
            .Where(entry => entry.Key.Grain == grainId && entry.Key.Collection == collection)
            .Select(entry => new GrainFileInfo(entry.Key.Name, entry.Value.Content.Length, entry.Value.LastModified))
            .OrderBy(info => info.Name, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(files);
    }

    public Task<bool> DeleteAsync(GrainId grainId, string collection, string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_files.TryRemove((grainId, collection, name), out _));

    public Task<long> DeleteAllAsync(GrainId grainId, CancellationToken cancellationToken = default)
    {
        long removed = 0;
        foreach (var key in _files.Keys.Where(key => key.Grain == grainId).ToList())
        {
            if (_files.TryRemove(key, out _))
            {
                removed++;
            }
        }

        return Task.FromResult(removed);
    }

    private sealed record StoredFile(byte[] Content, DateTimeOffset LastModified);
}

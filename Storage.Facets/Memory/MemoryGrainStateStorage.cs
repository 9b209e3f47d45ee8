using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using ChatDb.Storage.States;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace ChatDb.Storage.Memory;

/// <summary>
/// Grain state kept in process memory, as an Orleans <see cref="IGrainStorage"/>: for tests and for state
/// that may be lost on restart. A missing record reads as <see cref="DefaultState"/> (null for positional
/// records), and so does the state after a clear. Thread-safe; every write and clear is a compare-and-swap
/// on the stored ETag, so two writers presenting the same ETag never both succeed.
/// </summary>
/// <remarks>
/// ETags are the values of one counter per provider instance, so an ETag is never reused. A clear with the
/// right ETag leaves a tombstone carrying a new ETag, returned with <c>RecordExists = false</c>: a writer that
/// cleared (or read after the clear) can write again with the ETag it holds, while a writer still holding an
/// ETag from before the clear, or none at all, is refused as it would be if the record still existed.
/// Orleans' own <c>MemoryGrainStorage</c> is not used underneath: it fills a miss and a clear with its
/// activator's value (an uninitialised object for a positional record, not null), forgets the ETag on a
/// clear, and keeps its data in storage grains, so it only runs inside a silo and adds activations and
/// calls of its own to every test that counts them.
/// </remarks>
public sealed class MemoryGrainStateStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<StoreKey, StoredState> _records = new();
    private readonly JsonSerializerOptions _serializerOptions;
    private readonly ILogger _logger;
    private long _lastEtag;

    public MemoryGrainStateStorage(string name, MemoryGrainStateStorageOptions? options = null, ILogger<MemoryGrainStateStorage>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _serializerOptions = options?.SerializerOptions ?? JsonSerializerOptions.Default;
        _logger = logger ?? NullLogger<MemoryGrainStateStorage>.Instance;
    }

    /// <summary>The name this provider is registered under.</summary>
    public string Name { get; }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        if (_records.TryGetValue(new StoreKey(stateName, grainId), out var stored))
        {
            grainState.State = stored.Json is { } json
                ? JsonCopy.FromBytes<T>(json, _serializerOptions, () => Describe(stateName, grainId))
                : DefaultState.Create<T>();
            grainState.ETag = stored.ETag;
            grainState.RecordExists = stored.Json is not null;
        }
        else
        {
            grainState.State = DefaultState.Create<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var replacement = new StoredState(NextEtag(), JsonCopy.ToBytes(grainState.State, _serializerOptions));
        Swap("write", new StoreKey(stateName, grainId), grainState.ETag, replacement, addIfMissing: true);
        grainState.ETag = replacement.ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);

        // Clearing what was never stored (no ETag, no record) leaves no tombstone.
        var tombstone = new StoredState(NextEtag(), json: null);
        var swapped = Swap("clear", new StoreKey(stateName, grainId), grainState.ETag, tombstone, addIfMissing: false);
        grainState.ETag = swapped ? tombstone.ETag : null;
        grainState.RecordExists = false;
        grainState.State = DefaultState.Create<T>();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Replaces the stored entry if its ETag is <paramref name="presentedEtag"/> (a missing entry has ETag
    /// null). Returns false only when nothing was stored and <paramref name="addIfMissing"/> is false.
    /// </summary>
    private bool Swap(string operation, StoreKey key, string? presentedEtag, StoredState replacement, bool addIfMissing)
    {
        while (true)
        {
            if (_records.TryGetValue(key, out var current))
            {
                if (!string.Equals(current.ETag, presentedEtag, StringComparison.Ordinal))
                {
                    throw Conflict(operation, key, presentedEtag, current.ETag);
                }

                // StoredState compares by reference, so this fails if anyone swapped in between.
                if (_records.TryUpdate(key, replacement, current))
                {
                    return true;
                }
            }
            else
            {
                if (presentedEtag is not null)
                {
                    throw Conflict(operation, key, presentedEtag, storedEtag: null);
                }

                if (!addIfMissing)
                {
                    return false;
                }

                if (_records.TryAdd(key, replacement))
                {
                    return true;
                }
            }
        }
    }

    private InconsistentStateException Conflict(string operation, StoreKey key, string? presentedEtag, string? storedEtag)
    {
        MemoryStorageLog.StateConflict(_logger, Name, operation, key.Name, key.GrainId, presentedEtag, storedEtag);
        return new InconsistentStateException(
            $"{Describe(key.Name, key.GrainId)}: {operation} presented ETag {presentedEtag ?? "(none)"} but the stored ETag is {storedEtag ?? "(none, no record)"}; "
            + "the state changed since it was read (ETags must match for a write or clear).",
            storedEtag,
            presentedEtag);
    }

    private string Describe(string stateName, GrainId grainId) => $"State '{stateName}' of grain {grainId} in memory storage '{Name}'";

    private string NextEtag() => Interlocked.Increment(ref _lastEtag).ToString(CultureInfo.InvariantCulture);

    /// <summary>A stored record, or a tombstone (<see cref="Json"/> null) left by a clear. Compared by reference.</summary>
    private sealed class StoredState(string etag, byte[]? json)
    {
        public string ETag { get; } = etag;

        public byte[]? Json { get; } = json;
    }
}

namespace ChatDb.Runtime.Storage;

/// <summary>
/// The <see cref="IPersistentState{T}"/> the runtime hands to a grain: one named piece of state
/// bound to one grain and one storage provider. It keeps the <see cref="GrainState{T}"/> the
/// provider reads into and writes from, so the ETag of the last read or write travels with the
/// next write. Not thread-safe: the owning activation runs one turn at a time.
/// </summary>
public sealed class PersistentState<T> : IPersistentState<T>
{
    private readonly IGrainStorage _storage;
    private readonly GrainState<T> _grainState;

    public PersistentState(string stateName, GrainId grainId, IGrainStorage storage)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(storage);
        StateName = stateName;
        GrainId = grainId;
        _storage = storage;
        _grainState = new GrainState<T>(DefaultState.Create<T>());
    }

    public string StateName { get; }

    public GrainId GrainId { get; }

    public T State
    {
        get => _grainState.State;
        set => _grainState.State = value;
    }

    public string? Etag => _grainState.ETag;

    public bool RecordExists => _grainState.RecordExists;

    public Task ReadStateAsync() => _storage.ReadStateAsync(StateName, GrainId, _grainState);

    /// <summary>
    /// Writes the current <see cref="State"/>. On <see cref="InconsistentStateException"/> nothing
    /// here changes (the provider only updates the ETag after a successful write).
    /// </summary>
    public Task WriteStateAsync() => _storage.WriteStateAsync(StateName, GrainId, _grainState);

    /// <summary>
    /// Removes the stored record, then resets <see cref="State"/> to a fresh value so the grain does
    /// not keep working on data that no longer exists. The ETag is whatever the provider returned.
    /// </summary>
    public async Task ClearStateAsync()
    {
        await _storage.ClearStateAsync(StateName, GrainId, _grainState).ConfigureAwait(false);
        _grainState.State = DefaultState.Create<T>();
        _grainState.RecordExists = false;
    }

    public override string ToString() => $"state '{StateName}' of grain {GrainId}";
}

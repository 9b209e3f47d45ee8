using Orleans.Core;
using Orleans.Runtime;
using Orleans.Storage;

namespace ChatDb.Storage.States;

/// <summary>
/// An Orleans <see cref="IPersistentState{TState}"/> that is read only when the grain asks: Orleans'
/// <see cref="StateStorageBridge{TState}"/> (the same reads, writes, ETags, metrics and error wrapping as
/// <c>[PersistentState]</c>) without the <c>SetupState</c> subscription that reads it at activation.
/// </summary>
/// <remarks>
/// Until the first <c>ReadStateAsync</c> the bridge holds nothing: <c>State</c> is <c>default</c> (null even
/// for a class with a parameterless constructor), <c>Etag</c> is null and <c>RecordExists</c> throws
/// <see cref="InvalidOperationException"/>. A write or clear before that read goes to the provider with no
/// ETag, so it succeeds only where nothing is stored: over an existing record it is refused with
/// <see cref="InconsistentStateException"/> and the record is kept (the same rule as a blind write in any
/// <see cref="IGrainStorage"/>). It does not take part in migration either: a migrated activation starts
/// unread and reads on first use like a new one.
/// </remarks>
public sealed class LazyPersistentState<TState> : StateStorageBridge<TState>, IPersistentState<TState>
{
    public LazyPersistentState(string stateName, IGrainContext context, IGrainStorage storage)
        : base(stateName, context, storage)
    {
        StateName = stateName;
    }

    public string StateName { get; }

    public override string ToString() => $"lazily read state '{StateName}'";
}

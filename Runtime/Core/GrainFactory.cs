using System.Collections.Concurrent;

namespace ChatDb.Runtime;

/// <summary>
/// Creates typed references: resolves the grain type implementing the interface, encodes the key
/// (see <see cref="GrainKeys"/>) and binds the reference to an invoker. Activates nothing.
/// </summary>
public sealed class GrainFactory : IClusterClient
{
    private readonly Func<Type, GrainType> _resolveGrainType;
    private readonly IGrainCallInvoker _invoker;
    private readonly ConcurrentDictionary<Type, GrainType> _grainTypes = new();

    /// <param name="resolveGrainType">Maps a grain interface to the grain type that implements it.</param>
    /// <param name="invoker">Carries the calls of every reference this factory creates.</param>
    public GrainFactory(Func<Type, GrainType> resolveGrainType, IGrainCallInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(resolveGrainType);
        ArgumentNullException.ThrowIfNull(invoker);
        _resolveGrainType = resolveGrainType;
        _invoker = invoker;
    }

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(primaryKey);
        return Create<TGrainInterface>(primaryKey);
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey)
        where TGrainInterface : IGrainWithGuidKey => Create<TGrainInterface>(GrainKeys.Encode(primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey)
        where TGrainInterface : IGrainWithIntegerKey => Create<TGrainInterface>(GrainKeys.Encode(primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension)
        where TGrainInterface : IGrainWithGuidCompoundKey => Create<TGrainInterface>(GrainKeys.Encode(primaryKey, keyExtension));

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension)
        where TGrainInterface : IGrainWithIntegerCompoundKey => Create<TGrainInterface>(GrainKeys.Encode(primaryKey, keyExtension));

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IGrain =>
        (TGrainInterface)(object)GrainInterfaceRegistry.CreateReference(typeof(TGrainInterface), grainId, _invoker);

    /// <summary>In-process there is nothing to connect.</summary>
    public Task Connect(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task Close() => Task.CompletedTask;

    private TGrainInterface Create<TGrainInterface>(string key)
    {
        var grainType = _grainTypes.GetOrAdd(typeof(TGrainInterface), _resolveGrainType);
        return (TGrainInterface)(object)GrainInterfaceRegistry.CreateReference(typeof(TGrainInterface), new GrainId(grainType, key), _invoker);
    }
}

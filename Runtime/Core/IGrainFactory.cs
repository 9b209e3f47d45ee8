namespace ChatDb.Runtime;

/// <summary>
/// Hands out grain references. Getting a reference is cheap and activates nothing: the grain is
/// activated by the first call made through it.
/// </summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey;

    TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey)
        where TGrainInterface : IGrainWithGuidKey;

    TGrainInterface GetGrain<TGrainInterface>(long primaryKey)
        where TGrainInterface : IGrainWithIntegerKey;

    TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension)
        where TGrainInterface : IGrainWithGuidCompoundKey;

    TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension)
        where TGrainInterface : IGrainWithIntegerCompoundKey;

    /// <summary>A reference to an already known id, e.g. one read from a message or from storage.</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IGrain;
}

/// <summary>
/// The client's view of the cluster. In-process the silo's own factory serves as the client and
/// <see cref="Connect"/>/<see cref="Close"/> do nothing; the network client implements them for real.
/// </summary>
public interface IClusterClient : IGrainFactory
{
    Task Connect(CancellationToken cancellationToken = default);

    Task Close();
}

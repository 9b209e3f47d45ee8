namespace ChatDb.Runtime.Storage;

/// <summary>
/// A grain state storage provider (Orleans' <c>IGrainStorage</c>). Writes and clears carry the
/// ETag the caller last saw; a mismatch throws <see cref="InconsistentStateException"/>.
/// </summary>
public interface IGrainStorage
{
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);
}

using Orleans.Runtime;

namespace ChatDb.Storage.Files;

/// <summary>
/// Named files a grain owns besides its state and logs: uploaded documents, context snapshots, panel
/// insights, persona versions. Registered as a keyed service under the provider's name and injected with
/// <c>[FromKeyedServices("Default")]</c>. A <c>collection</c> groups files of one kind (the flatfile provider
/// maps it to a directory of the documented layout). Each write is atomic: a reader sees the old content
/// or the new, never a mix.
/// </summary>
public interface IGrainFileStorage
{
    Task WriteAsync(GrainId grainId, string collection, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>The file's bytes, or <c>null</c> when it does not exist.</summary>
    Task<byte[]?> ReadAsync(GrainId grainId, string collection, string name, CancellationToken cancellationToken = default);

    /// <summary>The files of a collection, ordered by name (ordinal).</summary>
    Task<IReadOnlyList<GrainFileInfo>> ListAsync(GrainId grainId, string collection, CancellationToken cancellationToken = default);

    /// <summary>Removes one file; <c>false</c> when it did not exist.</summary>
    Task<bool> DeleteAsync(GrainId grainId, string collection, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases everything stored for the grain (state, logs and files) and returns how many files were
    /// removed. Used for deletions that must leave nothing behind (a user's right to be forgotten).
    /// </summary>
    Task<long> DeleteAllAsync(GrainId grainId, CancellationToken cancellationToken = default);
}

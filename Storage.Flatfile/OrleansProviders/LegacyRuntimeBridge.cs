using Orleans.Runtime;
using Orleans.Storage;
using LegacyGrainId = ChatDb.Runtime.GrainId;
using LegacyInconsistentStateException = ChatDb.Runtime.Storage.InconsistentStateException;

namespace ChatDb.Storage.Flatfile.OrleansProviders;

/// <summary>
/// Converts between Orleans' contracts and the old runtime's, which the flatfile engine's providers still
/// implement. It exists only while both runtimes do: when the grains move to Orleans, the providers in
/// <c>Providers/</c> take Orleans' <see cref="GrainId"/>, <c>IGrainState&lt;T&gt;</c> and
/// <see cref="InconsistentStateException"/> themselves, the adapters of this folder become those providers,
/// and this class is deleted.
/// </summary>
internal static class LegacyRuntimeBridge
{
    /// <summary>The old runtime's id of the same grain: the type's name and the key's text, unchanged.</summary>
    public static LegacyGrainId ToLegacy(GrainId grainId) =>
        LegacyGrainId.Create(grainId.Type.ToString()!, grainId.Key.ToString()!);

    /// <summary>
    /// Runs an operation of an old provider, turning its ETag or expected-count conflict into Orleans'
    /// exception (with both ETags), so the activation that hits it is deactivated as Orleans does for its own
    /// providers. <see cref="StorageError"/> and its kinds are already Orleans exceptions and pass as they are.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (LegacyInconsistentStateException e)
        {
            throw ToOrleans(e);
        }
    }

    /// <inheritdoc cref="RunAsync{T}(Func{Task{T}})"/>
    public static async Task RunAsync(Func<Task> operation)
    {
        try
        {
            await operation().ConfigureAwait(false);
        }
        catch (LegacyInconsistentStateException e)
        {
            throw ToOrleans(e);
        }
    }

    private static InconsistentStateException ToOrleans(LegacyInconsistentStateException e) =>
        new(e.Message, e.StoredEtag, e.CurrentEtag, e.InnerException);
}

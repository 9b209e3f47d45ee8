using ChatDb.Storage.Files;
using ChatDb.Storage.Flatfile.Providers;
using Orleans.Runtime;
using Legacy = ChatDb.Runtime.Storage;

namespace ChatDb.Storage.Flatfile.OrleansProviders;

/// <summary>
/// A grain's files in the documented layout (a session's <c>documents/</c>, a panel's <c>insights/</c>, ...)
/// as ChatDb's <see cref="IGrainFileStorage"/> on Orleans' grain ids, delegating to the engine's
/// <see cref="FlatfileGrainFileStorage"/>: the same names rules, atomic writes and limits.
/// </summary>
public sealed class OrleansFlatfileGrainFileStorage : IGrainFileStorage
{
    private readonly FlatfileGrainFileStorage _engine;

    public OrleansFlatfileGrainFileStorage(FlatfileGrainFileStorage engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
    }

    /// <summary>The name this provider is registered under.</summary>
    public string Name => _engine.Name;

    public Task WriteAsync(GrainId grainId, string collection, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        LegacyRuntimeBridge.RunAsync(() => _engine.WriteAsync(LegacyRuntimeBridge.ToLegacy(grainId), collection, name, content, cancellationToken));

    public Task<byte[]?> ReadAsync(GrainId grainId, string collection, string name, CancellationToken cancellationToken = default) =>
        LegacyRuntimeBridge.RunAsync(() => _engine.ReadAsync(LegacyRuntimeBridge.ToLegacy(grainId), collection, name, cancellationToken));

    public Task<IReadOnlyList<GrainFileInfo>> ListAsync(GrainId grainId, string collection, CancellationToken cancellationToken = default) =>
        LegacyRuntimeBridge.RunAsync(async () => Convert(
            await _engine.ListAsync(LegacyRuntimeBridge.ToLegacy(grainId), collection, cancellationToken).ConfigureAwait(false)));

    public Task<bool> DeleteAsync(GrainId grainId, string collection, string name, CancellationToken cancellationToken = default) =>
        LegacyRuntimeBridge.RunAsync(() => _engine.DeleteAsync(LegacyRuntimeBridge.ToLegacy(grainId), collection, name, cancellationToken));

    public Task<long> DeleteAllAsync(GrainId grainId, CancellationToken cancellationToken = default) =>
        LegacyRuntimeBridge.RunAsync(() => _engine.DeleteAllAsync(LegacyRuntimeBridge.ToLegacy(grainId), cancellationToken));

    public override string ToString() => $"flatfile file storage '{Name}'";

    private static IReadOnlyList<GrainFileInfo> Convert(IReadOnlyList<Legacy.GrainFileInfo> files)
    {
        var converted = new GrainFileInfo[files.Count];
        for (var i = 0; i < converted.Length; i++)
        {
            converted[i] = new GrainFileInfo(files[i].Name, files[i].Size, files[i].LastModified);
        }

        return converted;
    }
}

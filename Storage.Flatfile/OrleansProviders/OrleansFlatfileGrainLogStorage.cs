using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Logs;
using Orleans.Runtime;
using Legacy = ChatDb.Runtime.Storage;

namespace ChatDb.Storage.Flatfile.OrleansProviders;

/// <summary>
/// The append-only logs of the documented layout (<c>messages.jsonl</c>, ...) as the provider of
/// <c>[PersistentLog]</c>, delegating to the engine's <see cref="FlatfileGrainLogStorage"/>: the same
/// files, group commit, torn-tail recovery and expected-count check, whose conflict arrives as Orleans'
/// <c>InconsistentStateException</c> (<see cref="LegacyRuntimeBridge"/>).
/// </summary>
public sealed class OrleansFlatfileGrainLogStorage : IGrainLogStorage
{
    private readonly FlatfileGrainLogStorage _engine;

    public OrleansFlatfileGrainLogStorage(FlatfileGrainLogStorage engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
    }

    /// <summary>The name this provider is registered under.</summary>
    public string Name => _engine.Name;

    public Task<long> AppendAsync<T>(string logName, GrainId grainId, IReadOnlyList<T> entries, long expectedCount, CancellationToken cancellationToken = default) =>
        LegacyRuntimeBridge.RunAsync(() => _engine.AppendAsync(logName, LegacyRuntimeBridge.ToLegacy(grainId), entries, expectedCount, cancellationToken));

    public Task<IReadOnlyList<LogEntry<T>>> ReadAsync<T>(string logName, GrainId grainId, long fromSequence, int maxCount, CancellationToken cancellationToken = default) =>
        LegacyRuntimeBridge.RunAsync(async () => Convert(
            await _engine.ReadAsync<T>(logName, LegacyRuntimeBridge.ToLegacy(grainId), fromSequence, maxCount, cancellationToken).ConfigureAwait(false)));

    public Task<IReadOnlyList<LogEntry<T>>> ReadTailAsync<T>(string logName, GrainId grainId, int count, CancellationToken cancellationToken = default) =>
        LegacyRuntimeBridge.RunAsync(async () => Convert(
            await _engine.ReadTailAsync<T>(logName, LegacyRuntimeBridge.ToLegacy(grainId), count, cancellationToken).ConfigureAwait(false)));

    public Task<long> CountAsync(string logName, GrainId grainId, CancellationToken cancellationToken = default) =>
        LegacyRuntimeBridge.RunAsync(() => _engine.CountAsync(logName, LegacyRuntimeBridge.ToLegacy(grainId), cancellationToken));

    public Task ClearAsync(string logName, GrainId grainId, CancellationToken cancellationToken = default) =>
        LegacyRuntimeBridge.RunAsync(() => _engine.ClearAsync(logName, LegacyRuntimeBridge.ToLegacy(grainId), cancellationToken));

    public override string ToString() => $"flatfile log storage '{Name}'";

    private static IReadOnlyList<LogEntry<T>> Convert<T>(IReadOnlyList<Legacy.LogEntry<T>> entries)
    {
        var converted = new LogEntry<T>[entries.Count];
        for (var i = 0; i < converted.Length; i++)
        {
            converted[i] = new LogEntry<T>(entries[i].Sequence, entries[i].Value);
        }

        return converted;
    }
}

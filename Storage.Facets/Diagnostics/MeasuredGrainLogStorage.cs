using ChatDb.Storage.Logs;
using Orleans.Runtime;

namespace ChatDb.Storage.Diagnostics;

/// <summary>
/// The log provider registered under <see cref="Name"/>, with each operation measured
/// (<see cref="StorageInstruments"/>). Every <c>AddGrainLogStorage</c> registration puts its provider behind
/// one, so no provider measures itself. Rewriting (redaction) passes through to a provider that can rewrite.
/// </summary>
public sealed class MeasuredGrainLogStorage(string name, IGrainLogStorage inner) : IGrainLogStorage, IGrainLogRewriter, IGrainLogCopier
{
    public string Name { get; } = name;

    /// <summary>The provider that does the work.</summary>
    public IGrainLogStorage Inner { get; } = inner;

    public Task<long> AppendAsync<T>(
        string logName, GrainId grainId, IReadOnlyList<T> entries, long expectedCount, LogDurability durability = LogDurability.Durable, CancellationToken cancellationToken = default) =>
        StorageInstruments.MeasureAsync(Name, StorageOperations.LogAppend, () => Inner.AppendAsync(logName, grainId, entries, expectedCount, durability, cancellationToken));

    public Task<IReadOnlyList<LogEntry<T>>> ReadAsync<T>(string logName, GrainId grainId, long fromSequence, int maxCount, CancellationToken cancellationToken = default) =>
        StorageInstruments.MeasureAsync(Name, StorageOperations.LogRead, () => Inner.ReadAsync<T>(logName, grainId, fromSequence, maxCount, cancellationToken));

    public Task<IReadOnlyList<LogEntry<T>>> ReadTailAsync<T>(string logName, GrainId grainId, int count, CancellationToken cancellationToken = default) =>
        StorageInstruments.MeasureAsync(Name, StorageOperations.LogReadTail, () => Inner.ReadTailAsync<T>(logName, grainId, count, cancellationToken));

    public Task<long> CountAsync(string logName, GrainId grainId, CancellationToken cancellationToken = default) =>
        StorageInstruments.MeasureAsync(Name, StorageOperations.LogCount, () => Inner.CountAsync(logName, grainId, cancellationToken));

    public Task ClearAsync(string logName, GrainId grainId, CancellationToken cancellationToken = default) =>
        StorageInstruments.MeasureAsync(Name, StorageOperations.LogClear, () => Inner.ClearAsync(logName, grainId, cancellationToken));

    public Task RewriteAsync<T>(string logName, GrainId grainId, IReadOnlyDictionary<long, T> replacements, IReadOnlyCollection<string> erase, CancellationToken cancellationToken = default)
    {
        var rewriter = Inner as IGrainLogRewriter
            ?? throw new ConfigurationError($"Log '{logName}' of grain {grainId}: its storage ({Inner.GetType().Name}) cannot rewrite entries, so nothing can be redacted (rule: rewrite-needs-capable-storage).");
        return StorageInstruments.MeasureAsync(Name, StorageOperations.LogRewrite, () => rewriter.RewriteAsync(logName, grainId, replacements, erase, cancellationToken));
    }

    public Task<LogImage> ExportAsync<T>(string logName, GrainId grainId, long count, IReadOnlyDictionary<long, T> replacements, CancellationToken cancellationToken = default) =>
        StorageInstruments.MeasureAsync(Name, StorageOperations.LogRead, () => Copier(logName, grainId).ExportAsync(logName, grainId, count, replacements, cancellationToken));

    public Task<long> AppendImageAsync(string logName, GrainId grainId, LogImage image, long expectedCount, CancellationToken cancellationToken = default) =>
        StorageInstruments.MeasureAsync(Name, StorageOperations.LogAppend, () => Copier(logName, grainId).AppendImageAsync(logName, grainId, image, expectedCount, cancellationToken));

    private IGrainLogCopier Copier(string logName, GrainId grainId) => Inner as IGrainLogCopier
        ?? throw new ConfigurationError($"Log '{logName}' of grain {grainId}: its storage ({Inner.GetType().Name}) cannot copy logs, so no session can be forked (rule: copy-needs-capable-storage).");

    public override string ToString() => Inner.ToString() ?? Name;
}

using Orleans.Runtime;

namespace ChatDb.Storage.Logs;

/// <summary>
/// Storage provider contract of the append-only log facet, registered as a keyed service under the
/// provider's name (as Orleans registers <c>IGrainStorage</c>). Sequence numbers start at 1 and have no
/// gaps. Appends carry the count the caller expects; a mismatch throws Orleans'
/// <c>InconsistentStateException</c> and nothing is written.
/// </summary>
public interface IGrainLogStorage
{
    /// <summary>
    /// Appends <paramref name="entries"/> and returns the new count once they are durable, or with
    /// <see cref="LogDurability.Deferred"/> once they are written (a provider may always make them durable).
    /// </summary>
    Task<long> AppendAsync<T>(
        string logName, GrainId grainId, IReadOnlyList<T> entries, long expectedCount, LogDurability durability = LogDurability.Durable, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="maxCount"/> entries starting at sequence <paramref name="fromSequence"/>.</summary>
    Task<IReadOnlyList<LogEntry<T>>> ReadAsync<T>(string logName, GrainId grainId, long fromSequence, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The last <paramref name="count"/> entries, oldest first.</summary>
    Task<IReadOnlyList<LogEntry<T>>> ReadTailAsync<T>(string logName, GrainId grainId, int count, CancellationToken cancellationToken = default);

    Task<long> CountAsync(string logName, GrainId grainId, CancellationToken cancellationToken = default);

    /// <summary>Removes the whole log.</summary>
    Task ClearAsync(string logName, GrainId grainId, CancellationToken cancellationToken = default);
}

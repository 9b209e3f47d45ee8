namespace ChatDb.Runtime.Storage;

/// <summary>
/// The append-only log facet of a grain, injected through <see cref="PersistentLogAttribute"/>. The
/// owning activation is the log's only writer, so <see cref="Count"/> is authoritative in memory.
/// </summary>
public interface IPersistentLog<T>
{
    /// <summary>Number of entries (= sequence number of the last one).</summary>
    long Count { get; }

    /// <summary>Appends one entry; returns its sequence number once durable.</summary>
    Task<long> AppendAsync(T entry, CancellationToken cancellationToken = default);

    /// <summary>Appends entries atomically as a group; returns the sequence number of the last.</summary>
    Task<long> AppendAsync(IReadOnlyList<T> entries, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<LogEntry<T>>> ReadAsync(long fromSequence, int maxCount, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<LogEntry<T>>> ReadTailAsync(int count, CancellationToken cancellationToken = default);

    Task ClearAsync(CancellationToken cancellationToken = default);
}

namespace ChatDb.Storage.Logs;

/// <summary>
/// The append-only log facet of a grain (messages, traces, memory changes), injected into a grain
/// constructor parameter marked <c>[PersistentLog("name")]</c>. The owning activation is the log's only
/// writer, so <see cref="Count"/> is authoritative in memory and is passed as the expected count of
/// every append: if another activation appended meanwhile, the provider refuses and nothing is written.
/// </summary>
public interface IPersistentLog<T>
{
    /// <summary>
    /// Number of entries (= sequence number of the last one). InvalidOperationException while <see cref="IsLoaded"/>
    /// is false: a log marked not to load on activation learns it from <see cref="EnsureLoadedAsync"/>.
    /// </summary>
    long Count { get; }

    /// <summary>True once <see cref="Count"/> was read from the storage (at activation, unless the log was marked not to load then).</summary>
    bool IsLoaded { get; }

    /// <summary>Reads <see cref="Count"/> from the storage when it was not read yet; appends, exports and clears do it themselves.</summary>
    Task EnsureLoadedAsync(CancellationToken cancellationToken = default);

    /// <summary>Appends one entry; returns its sequence number once durable.</summary>
    Task<long> AppendAsync(T entry, CancellationToken cancellationToken = default);

    /// <summary>Appends entries atomically as a group; returns the sequence number of the last.</summary>
    Task<long> AppendAsync(IReadOnlyList<T> entries, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends entries as a group, acknowledged as <paramref name="durability"/> says: <see cref="LogDurability.Deferred"/>
    /// only for entries that can be rebuilt when a crash loses them.
    /// </summary>
    Task<long> AppendAsync(IReadOnlyList<T> entries, LogDurability durability, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="maxCount"/> entries starting at sequence <paramref name="fromSequence"/>.</summary>
    Task<IReadOnlyList<LogEntry<T>>> ReadAsync(long fromSequence, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The last <paramref name="count"/> entries, oldest first.</summary>
    Task<IReadOnlyList<LogEntry<T>>> ReadTailAsync(int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces stored entries in place of their sequence numbers and erases <paramref name="erase"/> from every
    /// copy the storage keeps (see <see cref="IGrainLogRewriter"/>); ConfigurationError when the storage cannot.
    /// </summary>
    Task RewriteAsync(IReadOnlyDictionary<long, T> replacements, IReadOnlyCollection<string> erase, CancellationToken cancellationToken = default);

    /// <summary>
    /// Entries 1..<paramref name="count"/> as stored, with <paramref name="replacements"/> in place of their
    /// sequence numbers, for <see cref="AppendImageAsync"/> of another log (see <see cref="IGrainLogCopier"/>);
    /// ConfigurationError when the storage cannot copy.
    /// </summary>
    Task<LogImage> ExportAsync(long count, IReadOnlyDictionary<long, T> replacements, CancellationToken cancellationToken = default);

    /// <summary>Appends the entries of <paramref name="image"/> as one group; returns the sequence number of the last.</summary>
    Task<long> AppendImageAsync(LogImage image, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads <see cref="Count"/> again from the storage: for an activation whose files were replaced under it by an
    /// operation it asked for (a restore from the trash), never to pick up another writer's appends.
    /// </summary>
    Task ReloadAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the whole log; <see cref="Count"/> is 0 afterwards.</summary>
    Task ClearAsync(CancellationToken cancellationToken = default);
}

using Orleans.Runtime;

namespace ChatDb.Storage.Logs;

/// <summary>
/// The <see cref="IPersistentLog{T}"/> a grain receives through <see cref="PersistentLogAttribute"/>. The
/// owning activation is the only writer, so the in-memory <see cref="Count"/> goes with every append as
/// the expected count: if another activation appended meanwhile (a split brain), the provider refuses
/// with Orleans' <c>InconsistentStateException</c>, and Orleans deactivates an activation that lets that
/// exception escape a call. <see cref="LoadAsync"/> runs in the <c>SetupState</c> stage, or, for a log marked
/// not to load on activation, on first use (<see cref="EnsureLoadedAsync"/>; every append loads first, so the
/// provider's open, which cuts a torn tail, always comes before the first append). Not thread-safe: the
/// activation runs one turn at a time.
/// </summary>
public sealed class PersistentLog<T> : IPersistentLog<T>
{
    private readonly IGrainLogStorage _storage;

    public PersistentLog(string logName, GrainId grainId, IGrainLogStorage storage)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        ArgumentNullException.ThrowIfNull(storage);
        LogName = logName;
        GrainId = grainId;
        _storage = storage;
    }

    public string LogName { get; }

    public GrainId GrainId { get; }

    public long Count
    {
        get => IsLoaded ? _count
            : throw new InvalidOperationException($"Log '{LogName}' of grain {GrainId} was not loaded on activation; read its count with EnsureLoadedAsync first.");
        private set
        {
            _count = value;
            IsLoaded = true;
        }
    }

    public bool IsLoaded { get; private set; }

    private long _count;

    /// <summary>Reads the stored count; called once per activation, before the grain's <c>OnActivateAsync</c> unless the log loads on first use.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default) =>
        Count = await _storage.CountAsync(LogName, GrainId, cancellationToken).ConfigureAwait(false);

    public Task EnsureLoadedAsync(CancellationToken cancellationToken = default) =>
        IsLoaded ? Task.CompletedTask : LoadAsync(cancellationToken);

    public Task<long> AppendAsync(T entry, CancellationToken cancellationToken = default) =>
        AppendAsync([entry], cancellationToken);

    /// <summary>
    /// Appends <paramref name="entries"/> as one group. <see cref="Count"/> advances only once the provider
    /// acknowledged; after a failure it still names the last acknowledged entry. An empty group writes
    /// nothing and returns the current count.
    /// </summary>
    public Task<long> AppendAsync(IReadOnlyList<T> entries, CancellationToken cancellationToken = default) =>
        AppendAsync(entries, LogDurability.Durable, cancellationToken);

    /// <inheritdoc cref="AppendAsync(IReadOnlyList{T}, CancellationToken)"/>
    public async Task<long> AppendAsync(IReadOnlyList<T> entries, LogDurability durability, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        if (entries.Count == 0)
        {
            return Count;
        }

        var expected = Count;
        var newCount = await _storage.AppendAsync(LogName, GrainId, entries, expected, durability, cancellationToken).ConfigureAwait(false);
        if (newCount != expected + entries.Count)
        {
            throw new IntegrityError(
                $"Log '{LogName}' of grain {GrainId}: appending {entries.Count} entries after {expected} should give count {expected + entries.Count}, the storage reported {newCount}.");
        }

        Count = newCount;
        return newCount;
    }

    public Task<IReadOnlyList<LogEntry<T>>> ReadAsync(long fromSequence, int maxCount, CancellationToken cancellationToken = default) =>
        _storage.ReadAsync<T>(LogName, GrainId, fromSequence, maxCount, cancellationToken);

    public Task<IReadOnlyList<LogEntry<T>>> ReadTailAsync(int count, CancellationToken cancellationToken = default) =>
        _storage.ReadTailAsync<T>(LogName, GrainId, count, cancellationToken);

    public Task RewriteAsync(IReadOnlyDictionary<long, T> replacements, IReadOnlyCollection<string> erase, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(replacements);
        ArgumentNullException.ThrowIfNull(erase);
        var rewriter = _storage as IGrainLogRewriter
            ?? throw new ConfigurationError($"Log '{LogName}' of grain {GrainId}: its storage ({_storage.GetType().Name}) cannot rewrite entries, so nothing can be redacted (rule: rewrite-needs-capable-storage).");
        return rewriter.RewriteAsync(LogName, GrainId, replacements, erase, cancellationToken);
    }

    public Task ReloadAsync(CancellationToken cancellationToken = default) => LoadAsync(cancellationToken);

    public async Task<LogImage> ExportAsync(long count, IReadOnlyDictionary<long, T> replacements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(replacements);
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        if (count < 0 || count > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Log '{LogName}' of grain {GrainId} holds {Count} entries.");
        }

        return await Copier().ExportAsync(LogName, GrainId, count, replacements, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Like <see cref="AppendAsync(IReadOnlyList{T}, CancellationToken)"/>, for the entries of an exported image.</summary>
    public async Task<long> AppendImageAsync(LogImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        image.Validate($"Log '{LogName}' of grain {GrainId}");
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        if (image.Count == 0)
        {
            return Count;
        }

        var expected = Count;
        var newCount = await Copier().AppendImageAsync(LogName, GrainId, image, expected, cancellationToken).ConfigureAwait(false);
        if (newCount != expected + image.Count)
        {
            throw new IntegrityError(
                $"Log '{LogName}' of grain {GrainId}: appending an image of {image.Count} entries after {expected} should give count {expected + image.Count}, the storage reported {newCount}.");
        }

        Count = newCount;
        return newCount;
    }

    private IGrainLogCopier Copier() => _storage as IGrainLogCopier
        ?? throw new ConfigurationError($"Log '{LogName}' of grain {GrainId}: its storage ({_storage.GetType().Name}) cannot copy logs, so no session can be forked (rule: copy-needs-capable-storage).");

    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        await _storage.ClearAsync(LogName, GrainId, cancellationToken).ConfigureAwait(false);
        Count = 0;
    }

    public override string ToString() => $"log '{LogName}' of grain {GrainId} ({(IsLoaded ? $"{_count} entries" : "not loaded")})";
}

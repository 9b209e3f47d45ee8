using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using ChatDb.Storage.Logs;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;

namespace ChatDb.Storage.Memory;

/// <summary>
/// Append-only grain logs kept in process memory, one list per (log name, grain id). Thread-safe: each log
/// has its own lock, and an append checks the expected count under it, so of two appenders presenting the
/// same count exactly one succeeds. Entries are stored as JSON copies.
/// </summary>
/// <remarks>
/// Read semantics shared with every log provider (the conformance suite checks them): sequence numbers run
/// 1..n without gaps; <c>ReadAsync(from, max)</c> returns up to <c>max</c> entries with sequence ≥ <c>from</c>
/// (empty past the end); <c>ReadTailAsync(k)</c> returns the last <c>min(k, n)</c> entries oldest first;
/// <c>from &lt; 1</c> or a negative count is an <see cref="ArgumentOutOfRangeException"/>; after a clear the
/// log is empty and numbering restarts at 1.
/// </remarks>
public sealed class MemoryGrainLogStorage : IGrainLogStorage, IGrainLogRewriter, IGrainLogCopier
{
    private static readonly IReadOnlyList<byte[]> NoEntries = [];

    private readonly ConcurrentDictionary<StoreKey, StoredLog> _logs = new();
    private readonly JsonSerializerOptions _serializerOptions;
    // Microsoft.Extensions.Logging.Abstractions is not imported: it has a LogEntry<T> of its own.
    private readonly ILogger _logger;

    public MemoryGrainLogStorage(string name, MemoryGrainLogStorageOptions? options = null, ILogger<MemoryGrainLogStorage>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _serializerOptions = options?.SerializerOptions ?? JsonSerializerOptions.Default;
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<MemoryGrainLogStorage>.Instance;
    }

    /// <summary>The name this provider is registered under.</summary>
    public string Name { get; }

    public Task<long> AppendAsync<T>(
        string logName, GrainId grainId, IReadOnlyList<T> entries, long expectedCount, LogDurability durability = LogDurability.Durable, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedCount);
        cancellationToken.ThrowIfCancellationRequested();

        // Serialise before taking the lock: a value that cannot be serialised fails the whole group.
        var copies = new byte[entries.Count][];
        for (var i = 0; i < copies.Length; i++)
        {
            copies[i] = JsonCopy.ToBytes(entries[i], _serializerOptions);
        }

        var log = _logs.GetOrAdd(new StoreKey(logName, grainId), static _ => new StoredLog());
        lock (log.Gate)
        {
            if (log.Entries.Count != expectedCount)
            {
                throw Conflict(logName, grainId, expectedCount, log.Entries.Count);
            }

            log.Entries.AddRange(copies);
            return Task.FromResult((long)log.Entries.Count);
        }
    }

    public Task<IReadOnlyList<LogEntry<T>>> ReadAsync<T>(string logName, GrainId grainId, long fromSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        var slice = Slice(logName, grainId, log =>
        {
            var total = (long)log.Entries.Count;
            var first = fromSequence - 1;
            return first >= total ? (first, 0) : (first, (int)Math.Min(maxCount, total - first));
        });
        return Task.FromResult(Materialise<T>(logName, grainId, slice));
    }

    public Task<IReadOnlyList<LogEntry<T>>> ReadTailAsync<T>(string logName, GrainId grainId, int count, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        cancellationToken.ThrowIfCancellationRequested();
        var slice = Slice(logName, grainId, log =>
        {
            var take = Math.Min(count, log.Entries.Count);
            return (log.Entries.Count - take, take);
        });
        return Task.FromResult(Materialise<T>(logName, grainId, slice));
    }

    public Task<long> CountAsync(string logName, GrainId grainId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_logs.TryGetValue(new StoreKey(logName, grainId), out var log))
        {
            return Task.FromResult(0L);
        }

        lock (log.Gate)
        {
            return Task.FromResult((long)log.Entries.Count);
        }
    }

    public Task ClearAsync(string logName, GrainId grainId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        cancellationToken.ThrowIfCancellationRequested();

        // The emptied log stays in the dictionary: removing it would let an appender that already holds it
        // write into a list nobody reads any more.
        if (_logs.TryGetValue(new StoreKey(logName, grainId), out var log))
        {
            lock (log.Gate)
            {
                log.Entries = [];
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Replaces the stored copies; nothing else of the entries is kept in memory, so nothing else holds <paramref name="erase"/>.</summary>
    public Task RewriteAsync<T>(
        string logName, GrainId grainId, IReadOnlyDictionary<long, T> replacements, IReadOnlyCollection<string> erase, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        ArgumentNullException.ThrowIfNull(replacements);
        cancellationToken.ThrowIfCancellationRequested();
        var copies = replacements.ToDictionary(r => r.Key, r => JsonCopy.ToBytes(r.Value, _serializerOptions));
        var log = _logs.GetOrAdd(new StoreKey(logName, grainId), static _ => new StoredLog());
        lock (log.Gate)
        {
            foreach (var (sequence, copy) in copies)
            {
                if (sequence < 1 || sequence > log.Entries.Count)
                {
                    throw new NotFoundError($"Log '{logName}' of grain {grainId} in memory log storage '{Name}' has no entry {sequence} to rewrite (it holds {log.Entries.Count}).");
                }

                log.Entries[(int)sequence - 1] = copy;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The stored copies of entries 1..<paramref name="count"/> side by side, replacements serialised in their place.</summary>
    public Task<LogImage> ExportAsync<T>(
        string logName, GrainId grainId, long count, IReadOnlyDictionary<long, T> replacements, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        ArgumentNullException.ThrowIfNull(replacements);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        cancellationToken.ThrowIfCancellationRequested();
        var copies = replacements.ToDictionary(r => r.Key, r => JsonCopy.ToBytes(r.Value, _serializerOptions));
        var (_, entries) = Slice(logName, grainId, log => ((long)0, (int)Math.Min(count, log.Entries.Count)));
        if (entries.Count != count)
        {
            throw new NotFoundError($"Log '{logName}' of grain {grainId} in memory log storage '{Name}' holds {entries.Count} entries, not the {count} to export.");
        }

        if (copies.Keys.FirstOrDefault(sequence => sequence < 1 || sequence > count) is var outside and not 0)
        {
            throw new NotFoundError($"Log '{logName}' of grain {grainId} in memory log storage '{Name}': entry {outside} to replace is outside the exported 1..{count}.");
        }

        var ends = new int[entries.Count];
        var size = 0;
        for (var i = 0; i < ends.Length; i++)
        {
            size += (copies.TryGetValue(i + 1, out var copy) ? copy : entries[i]).Length;
            ends[i] = size;
        }

        var data = new byte[size];
        for (var i = 0; i < ends.Length; i++)
        {
            (copies.TryGetValue(i + 1, out var copy) ? copy : entries[i]).CopyTo(data, i == 0 ? 0 : ends[i - 1]);
        }

        return Task.FromResult(new LogImage(count, data, ends));
    }

    /// <summary>Stores a copy of each entry of <paramref name="image"/>; the image itself is not kept.</summary>
    public Task<long> AppendImageAsync(string logName, GrainId grainId, LogImage image, long expectedCount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedCount);
        cancellationToken.ThrowIfCancellationRequested();
        image.Validate($"Log '{logName}' of grain {grainId} in memory log storage '{Name}'");
        var copies = new byte[image.Count][];
        for (var i = 0; i < copies.Length; i++)
        {
            copies[i] = image.Entry(i).ToArray();
        }

        var log = _logs.GetOrAdd(new StoreKey(logName, grainId), static _ => new StoredLog());
        lock (log.Gate)
        {
            if (log.Entries.Count != expectedCount)
            {
                throw Conflict(logName, grainId, expectedCount, log.Entries.Count);
            }

            log.Entries.AddRange(copies);
            return Task.FromResult((long)log.Entries.Count);
        }
    }

    /// <summary>Copies out, under the log's lock, the stored bytes of the range <paramref name="range"/> picks.</summary>
    private (long FirstIndex, IReadOnlyList<byte[]> Entries) Slice(string logName, GrainId grainId, Func<StoredLog, (long FirstIndex, int Count)> range)
    {
        if (!_logs.TryGetValue(new StoreKey(logName, grainId), out var log))
        {
            return (0, NoEntries);
        }

        lock (log.Gate)
        {
            var (first, count) = range(log);
            return count == 0 ? (first, NoEntries) : (first, log.Entries.GetRange((int)first, count));
        }
    }

    // Deserialising happens outside the lock; the byte arrays are never mutated once stored.
    private IReadOnlyList<LogEntry<T>> Materialise<T>(string logName, GrainId grainId, (long FirstIndex, IReadOnlyList<byte[]> Entries) slice)
    {
        if (slice.Entries.Count == 0)
        {
            return [];
        }

        var result = new LogEntry<T>[slice.Entries.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var sequence = slice.FirstIndex + i + 1;
            var value = JsonCopy.FromBytes<T>(slice.Entries[i], _serializerOptions,
                () => $"Entry {sequence} of log '{logName}' of grain {grainId} in memory log storage '{Name}'");
            result[i] = new LogEntry<T>(sequence, value);
        }

        return result;
    }

    private InconsistentStateException Conflict(string logName, GrainId grainId, long expectedCount, long storedCount)
    {
        MemoryStorageLog.LogConflict(_logger, Name, logName, grainId, expectedCount, storedCount);
        return new InconsistentStateException(
            $"Log '{logName}' of grain {grainId} in memory log storage '{Name}': append expected count {expectedCount} but the log holds {storedCount} entries; "
            + "another writer appended or cleared since (the expected count must equal the stored count). Nothing was written.",
            storedEtag: storedCount.ToString(CultureInfo.InvariantCulture),
            currentEtag: expectedCount.ToString(CultureInfo.InvariantCulture));
    }

    private sealed class StoredLog
    {
        public Lock Gate { get; } = new();

        public List<byte[]> Entries { get; set; } = [];
    }
}

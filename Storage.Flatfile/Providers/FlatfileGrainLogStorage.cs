using System.Globalization;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Logs;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;
using NullLogger = Microsoft.Extensions.Logging.Abstractions.NullLogger<ChatDb.Storage.Flatfile.Providers.FlatfileGrainLogStorage>;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Grain logs as append-only JSONL files of the documented layout (<c>messages.jsonl</c>), one
/// <see cref="AppendLog"/> per file, kept open in <see cref="FlatfileOpenLogs"/>. Entries are written with
/// <see cref="Json.StorageJson.Lines"/>; each stored line starts with the sequence number the log assigned
/// (<see cref="LogEntryJson"/>). The expected count of an append is checked by the log itself, atomically
/// with the append; a mismatch is an <see cref="InconsistentStateException"/> naming both counts.
/// Acknowledged once durable in the configured <c>Durability</c> mode.
/// </summary>
public sealed partial class FlatfileGrainLogStorage : IGrainLogStorage
{
    private readonly FlatfileGrainPaths _paths;
    private readonly FlatfileOpenLogs _logs;
    private readonly AtomicFile _atomicFile;
    private readonly ILogger _logger;
    private readonly FlatfileWriteGate _gate;
    private readonly Func<GrainId, string, string> _resolvePath;

    public FlatfileGrainLogStorage(string name, FlatfileGrainPaths paths, FlatfileOpenLogs logs, AtomicFile atomicFile, ILogger<FlatfileGrainLogStorage>? logger = null, FlatfileWriteGate? writeGate = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(atomicFile);
        Name = name;
        _paths = paths;
        _logs = logs;
        _atomicFile = atomicFile;
        _logger = logger ?? NullLogger.Instance;
        _gate = writeGate ?? new FlatfileWriteGate();
        _resolvePath = _paths.LogFile;
    }

    /// <summary>The name this provider is registered under.</summary>
    public string Name { get; }

    public override string ToString() => $"flatfile log storage '{Name}'";

    // Every operation that opens a log runs inside the write gate: opening may cut a torn tail or inflate an
    // archive, and a pause must never wait for a log open that is itself waiting for the pause to end.
    public Task<long> AppendAsync<T>(
        string logName, GrainId grainId, IReadOnlyList<T> entries, long expectedCount, LogDurability durability = LogDurability.Durable, CancellationToken cancellationToken = default) =>
        _gate.RunAsync(() => AppendCoreAsync(logName, grainId, entries, expectedCount, durability, cancellationToken), cancellationToken);

    private async Task<long> AppendCoreAsync<T>(string logName, GrainId grainId, IReadOnlyList<T> entries, long expectedCount, LogDurability durability, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedCount);
        var records = new ReadOnlyMemory<byte>[entries.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = LogEntryJson.Serialize(entries[i]);
        }

        return await AppendRecordsAsync(logName, grainId, records, expectedCount, trusted: true, durability, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Appends serialised objects as one group. <paramref name="trusted"/>: they come from this provider's own
    /// serialiser, so the log checks their shape without parsing them again.
    /// </summary>
    private async Task<long> AppendRecordsAsync(
        string logName, GrainId grainId, ReadOnlyMemory<byte>[] records, long expectedCount, bool trusted, LogDurability durability, CancellationToken cancellationToken)
    {
        // A durable append never lands in a directory whose own entry is not durable yet (a new session's).
        if (durability == LogDurability.Durable && DeferredDirectorySync.AnyPending)
        {
            await DeferredDirectorySync.EnsureDurableAsync(_atomicFile.FileSystem, _resolvePath(grainId, logName)).ConfigureAwait(false);
        }

        // A log is only created by an append that expects it to be empty.
        // The path is resolved and checked only when the log is opened; an open log is found by grain and name.
        using var lease = await _logs.AcquireAsync(grainId, logName, _resolvePath, create: expectedCount == 0 && records.Length > 0, cancellationToken).ConfigureAwait(false);
        long count;
        if (lease is null)
        {
            count = expectedCount == 0 ? 0 : throw Conflict(logName, grainId, expectedCount, 0);
        }
        else
        {
            try
            {
                count = trusted
                    ? await lease.Log.AppendSerializedBatchAsync(records, expectedCount, durability, cancellationToken).ConfigureAwait(false)
                    : await lease.Log.AppendBatchAsync(records, expectedCount, durability, cancellationToken).ConfigureAwait(false);
            }
            catch (LogSequenceConflictException e)
            {
                throw Conflict(logName, grainId, expectedCount, e.ActualCount, e);
            }
            catch (StorageError) when (lease.Log.IsFaulted)
            {
                // A faulted log trusts nothing after the failed write: close it so the next use recovers from disk.
                _ = _logs.CloseAsync(lease.Log.Path);
                throw;
            }
        }

        return count;
    }

    public Task<IReadOnlyList<LogEntry<T>>> ReadAsync<T>(string logName, GrainId grainId, long fromSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        return ReadAsync<T>(logName, grainId, log => log.ReadRangeAsync(fromSequence, maxCount, cancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<LogEntry<T>>> ReadTailAsync<T>(string logName, GrainId grainId, int count, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return ReadAsync<T>(logName, grainId, log => log.ReadTailAsync(count, cancellationToken), cancellationToken);
    }

    public Task<long> CountAsync(string logName, GrainId grainId, CancellationToken cancellationToken = default) =>
        _gate.RunAsync(() => CountCoreAsync(logName, grainId, cancellationToken), cancellationToken);

    /// <summary>Closes the log and deletes it with its offset index and any kept-aside torn tail.</summary>
    public Task ClearAsync(string logName, GrainId grainId, CancellationToken cancellationToken = default) =>
        _gate.RunAsync(() => ClearCoreAsync(logName, grainId, cancellationToken), cancellationToken);

    private async Task<long> CountCoreAsync(string logName, GrainId grainId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        using var lease = await _logs.AcquireAsync(grainId, logName, _resolvePath, create: false, cancellationToken).ConfigureAwait(false);
        var count = lease?.Log.Count ?? 0;
        return count;
    }

    private async Task ClearCoreAsync(string logName, GrainId grainId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        var path = _paths.LogFile(grainId, logName);
        await _logs.CloseAsync(path).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var file in LogFiles(path))
        {
            _atomicFile.Delete(file);
        }
    }

    /// <summary>The log file and the side files the log engine keeps next to it.</summary>
    public static IReadOnlyList<string> LogFiles(string logPath) => [logPath + ".idx", logPath + ".corrupt", logPath];

    private Task<IReadOnlyList<LogEntry<T>>> ReadAsync<T>(
        string logName,
        GrainId grainId,
        Func<AppendLog, ValueTask<IReadOnlyList<LogRecord>>> read,
        CancellationToken cancellationToken) =>
        _gate.RunAsync(() => ReadCoreAsync<T>(logName, grainId, read, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<LogEntry<T>>> ReadCoreAsync<T>(
        string logName,
        GrainId grainId,
        Func<AppendLog, ValueTask<IReadOnlyList<LogRecord>>> read,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<LogEntry<T>> entries = [];
        using (var lease = await _logs.AcquireAsync(grainId, logName, _resolvePath, create: false, cancellationToken).ConfigureAwait(false))
        {
            if (lease is not null)
            {
                var records = await read(lease.Log).ConfigureAwait(false);
                var result = new LogEntry<T>[records.Count];
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = LogEntryJson.Deserialize<T>(records[i], logName, grainId, lease.Log.Path);
                }

                entries = result;
            }
        }

        return entries;
    }

    private InconsistentStateException Conflict(string logName, GrainId grainId, long expectedCount, long storedCount, Exception? inner = null)
    {
        FlatfileProviderLog.LogConflict(_logger, Name, logName, grainId, expectedCount, storedCount);
        var message = $"Log '{logName}' of grain {grainId} in flatfile log storage '{Name}': append expected count {expectedCount} but the log holds {storedCount} entries; "
            + "another writer appended or cleared since (the expected count must equal the stored count). Nothing was written.";
        return new InconsistentStateException(
            message, storedCount.ToString(CultureInfo.InvariantCulture), expectedCount.ToString(CultureInfo.InvariantCulture), inner);
    }
}

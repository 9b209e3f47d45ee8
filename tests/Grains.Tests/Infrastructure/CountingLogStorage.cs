using ChatDb.Storage.Logs;
using Orleans.Runtime;

namespace ChatDb.Grains.Tests.Infrastructure;

/// <summary>Passes calls to an inner log storage and counts the reads and appends, to show which calls reach storage.</summary>
internal sealed class CountingLogStorage(IGrainLogStorage inner) : IGrainLogStorage, IGrainLogRewriter, IGrainLogCopier
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _appendsByLog = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string, GrainId, LogDurability)> _calls = new();
    private int _reads;
    private int _appends;

    /// <summary>Append calls made (each one group, one durable write in a durable provider).</summary>
    public int Appends => Volatile.Read(ref _appends);

    /// <summary>Append calls made to the logs named <paramref name="logName"/> (of any grain).</summary>
    public int AppendsTo(string logName) => _appendsByLog.GetValueOrDefault(logName);

    public int Reads => Volatile.Read(ref _reads);

    /// <summary>When set, counting and reading a log it matches (name, grain) throws, as a failing disk would.</summary>
    public Func<string, GrainId, bool>? FailReads { get; set; }

    public void ResetReads() => Interlocked.Exchange(ref _reads, 0);

    /// <summary>Every append call: the log, the grain and whether it asked to be durable.</summary>
    public IReadOnlyList<(string LogName, GrainId GrainId, LogDurability Durability)> AppendCalls => [.. _calls];

    public Task<long> AppendAsync<T>(
        string logName, GrainId grainId, IReadOnlyList<T> entries, long expectedCount, LogDurability durability = LogDurability.Durable, CancellationToken cancellationToken = default)
    {
        _calls.Enqueue((logName, grainId, durability));
        Interlocked.Increment(ref _appends);
        _appendsByLog.AddOrUpdate(logName, 1, (_, count) => count + 1);
        return inner.AppendAsync(logName, grainId, entries, expectedCount, durability, cancellationToken);
    }

    public Task<IReadOnlyList<LogEntry<T>>> ReadAsync<T>(string logName, GrainId grainId, long fromSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        ThrowIfFailing(logName, grainId);
        return inner.ReadAsync<T>(logName, grainId, fromSequence, maxCount, cancellationToken);
    }

    public Task<IReadOnlyList<LogEntry<T>>> ReadTailAsync<T>(string logName, GrainId grainId, int count, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        ThrowIfFailing(logName, grainId);
        return inner.ReadTailAsync<T>(logName, grainId, count, cancellationToken);
    }

    public Task<long> CountAsync(string logName, GrainId grainId, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing(logName, grainId);
        return inner.CountAsync(logName, grainId, cancellationToken);
    }

    private void ThrowIfFailing(string logName, GrainId grainId)
    {
        if (FailReads?.Invoke(logName, grainId) == true)
        {
            throw new IOException($"log {logName} of {grainId} cannot be read (a fault the test injected).");
        }
    }

    public Task ClearAsync(string logName, GrainId grainId, CancellationToken cancellationToken = default) =>
        inner.ClearAsync(logName, grainId, cancellationToken);

    public Task RewriteAsync<T>(
        string logName, GrainId grainId, IReadOnlyDictionary<long, T> replacements, IReadOnlyCollection<string> erase, CancellationToken cancellationToken = default) =>
        ((IGrainLogRewriter)inner).RewriteAsync(logName, grainId, replacements, erase, cancellationToken);

    public Task<LogImage> ExportAsync<T>(
        string logName, GrainId grainId, long count, IReadOnlyDictionary<long, T> replacements, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        return ((IGrainLogCopier)inner).ExportAsync(logName, grainId, count, replacements, cancellationToken);
    }

    public Task<long> AppendImageAsync(string logName, GrainId grainId, LogImage image, long expectedCount, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _appends);
        return ((IGrainLogCopier)inner).AppendImageAsync(logName, grainId, image, expectedCount, cancellationToken);
    }
}

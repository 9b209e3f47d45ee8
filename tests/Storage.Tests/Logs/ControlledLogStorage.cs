using ChatDb.Storage.Logs;
using Orleans.Runtime;

namespace ChatDb.Storage.Tests.Logs;

/// <summary>
/// A log storage whose appends complete only when the test says so, and which records what it
/// was asked: lets tests observe a <see cref="PersistentLog{T}"/> while an append is in flight.
/// </summary>
internal sealed class ControlledLogStorage : IGrainLogStorage
{
    private TaskCompletionSource<long>? _pendingAppend;

    public long StoredCount { get; set; }

    public List<long> ExpectedCounts { get; } = [];

    public int AppendCalls => ExpectedCounts.Count;

    /// <summary>When set, the next append returns this count instead of the honest one.</summary>
    public long? ReportedCountOverride { get; set; }

    public bool HoldAppends { get; set; }

    public Task<long> AppendAsync<T>(
        string logName, GrainId grainId, IReadOnlyList<T> entries, long expectedCount, LogDurability durability = LogDurability.Durable, CancellationToken cancellationToken = default)
    {
        ExpectedCounts.Add(expectedCount);
        if (HoldAppends)
        {
            _pendingAppend = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            return _pendingAppend.Task;
        }

        StoredCount += entries.Count;
        return Task.FromResult(ReportedCountOverride ?? StoredCount);
    }

    public void CompletePendingAppend(long newCount) =>
        (_pendingAppend ?? throw new InvalidOperationException("no append is pending")).SetResult(newCount);

    public void FailPendingAppend(Exception error) =>
        (_pendingAppend ?? throw new InvalidOperationException("no append is pending")).SetException(error);

    public Task<IReadOnlyList<LogEntry<T>>> ReadAsync<T>(string logName, GrainId grainId, long fromSequence, int maxCount, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LogEntry<T>>>([]);

    public Task<IReadOnlyList<LogEntry<T>>> ReadTailAsync<T>(string logName, GrainId grainId, int count, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LogEntry<T>>>([]);

    public Task<long> CountAsync(string logName, GrainId grainId, CancellationToken cancellationToken = default) =>
        Task.FromResult(StoredCount);

    public Task ClearAsync(string logName, GrainId grainId, CancellationToken cancellationToken = default)
    {
        StoredCount = 0;
        return Task.CompletedTask;
    }
}

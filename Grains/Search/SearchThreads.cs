namespace ChatDb.Grains.Search;

/// <summary>
/// Where the search grains' CPU work runs: the thread pool, but never more at once than the machine has cores.
/// The silo raises the pool's minimum to hundreds of threads (for blocking fsyncs), so plain <c>Task.Run</c> would
/// start a thread for every waiting query: 64 callers meant 64 scans sharing two cores, each evicting the others'
/// vectors from the cache, and fewer queries per second than one thread gave. Queued work runs in arrival order.
/// </summary>
internal static class SearchThreads
{
    private static readonly TaskScheduler Scheduler =
        new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, Environment.ProcessorCount).ConcurrentScheduler;

    public static Task<T> Run<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, Scheduler);

    public static Task<T> Run<T>(Func<Task<T>> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, Scheduler).Unwrap();
}

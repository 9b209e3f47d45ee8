namespace ChatDb.Storage.Flatfile.Hosting;

/// <summary>
/// In <c>Durability.Fsync</c> an append waits for its fsync on the thread that commits it (the group
/// commit leader, a grain turn, or the pool thread that drains its followers), so every log being flushed
/// holds one blocked thread-pool thread. Above its minimum the pool adds threads only slowly (about one
/// per half second), so 100 sessions flushing at once would queue for threads rather than for the disk,
/// and the silo's throughput would depend on how warm the pool happens to be. Raising the minimum lets
/// the pool start those threads at once (they are created on demand, not up front). A minimum the host
/// already set higher is kept.
/// </summary>
internal static class FsyncThreadReserve
{
    /// <summary>Worker threads the pool may start without delay: room for a few hundred logs flushing at once.</summary>
    public const int MinimumWorkerThreads = 256;

    /// <summary>Raises the pool's minimum worker threads to <paramref name="minimum"/>; returns the minimum now in force.</summary>
    public static int Ensure(int minimum = MinimumWorkerThreads)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < minimum && ThreadPool.SetMinThreads(minimum, completionPorts))
        {
            return minimum;
        }

        return workers;
    }
}

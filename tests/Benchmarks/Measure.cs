using System.Diagnostics;

namespace ChatDb.Benchmarks;

/// <summary>The measuring loops every scenario shares.</summary>
public static class Measure
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }

    /// <summary>
    /// Runs both engines' rounds in turn (which one goes first alternates too), so drift in fsync latency
    /// or machine load hits both; returns each engine's median round.
    /// </summary>
    public static async Task<(double ChatDb, double Sqlite)> AlternateAsync(int rounds, Func<Task<double>> chatdb, Func<Task<double>> sqlite)
    {
        var medians = await AlternateAsync(rounds, [chatdb, sqlite]);
        return (medians[0], medians[1]);
    }

    /// <summary>
    /// Runs every engine's rounds in turn, the engine that goes first rotating from round to round, so drift in
    /// fsync latency or machine load hits all of them; returns each engine's median round, in the given order.
    /// </summary>
    public static async Task<double[]> AlternateAsync(int rounds, IReadOnlyList<Func<Task<double>>> engines)
    {
        var results = engines.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var turn = 0; turn < engines.Count; turn++)
            {
                var engine = (round + turn) % engines.Count;
                results[engine].Add(await engines[engine]());
            }
        }

        return [.. results.Select(Median)];
    }

    /// <summary>
    /// Runs <paramref name="workers"/> workers until <paramref name="duration"/> ends; each returns how many
    /// operations it completed. Returns operations per second.
    /// </summary>
    public static async Task<double> ThroughputAsync(TimeSpan duration, int workers, Func<int, CancellationToken, Task<long>> worker)
    {
        using var stop = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(() => worker(w, stop.Token))).ToArray();
        await Task.Delay(duration);
        await stop.CancelAsync();
        var total = (await Task.WhenAll(tasks)).Sum();
        return total / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Calls <paramref name="operation"/> one after another, untimed, for <paramref name="duration"/>.</summary>
    public static async Task WarmUpAsync(TimeSpan duration, Func<Task> operation)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            await operation();
        }
    }

    /// <summary>
    /// Median of <paramref name="iterations"/> timed calls, in microseconds, after a few untimed ones; <paramref name="before"/>,
    /// when given, runs untimed before each timed call.
    /// </summary>
    public static async Task<double> MedianMicrosecondsAsync(int iterations, Func<Task> operation, int warmup = 20, Func<Task>? before = null)
    {
        for (var i = 0; i < warmup; i++)
        {
            await operation();
        }

        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            if (before is not null)
            {
                await before();
            }

            var watch = Stopwatch.StartNew();
            await operation();
            times[i] = watch.Elapsed.TotalMicroseconds;
        }

        return Median(times);
    }

    /// <summary>The 99th percentile, in milliseconds, of <paramref name="count"/> calls made one after another.</summary>
    public static async Task<double> P99MillisecondsAsync(int count, Func<Task> operation)
    {
        var times = new double[count];
        for (var i = 0; i < times.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            await operation();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[(int)Math.Ceiling(times.Length * 0.99) - 1];
    }

    /// <summary>
    /// Managed heap bytes each activation holds: <paramref name="activate"/> runs once for the first key
    /// (so per-type caches are not counted), a full GC, then for every other key, 64 at a time, a full GC
    /// again; the growth divided by the keys after the first.
    /// </summary>
    public static async Task<double> HeapBytesPerActivationAsync(IReadOnlyList<string> keys, Func<string, Task> activate)
    {
        await activate(keys[0]);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await Parallel.ForEachAsync(keys.Skip(1), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (key, _) => await activate(key));
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(keys);
        return (double)(after - before) / (keys.Count - 1);
    }

    public static long DirectorySize(string path) =>
        new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
}

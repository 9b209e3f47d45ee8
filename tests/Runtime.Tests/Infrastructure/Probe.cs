using System.Collections.Concurrent;

namespace ChatDb.Runtime.Tests.Infrastructure;

/// <summary>
/// What test grains report to the tests, keyed by grain key (tests use fresh keys, so parallel tests
/// do not see each other's entries). Static so it survives silo restarts.
/// </summary>
internal static class Probe
{
    private static readonly ConcurrentDictionary<string, int> Counters = new();
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Signals = new();
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Journals = new();

    public static int Increment(string name) => Counters.AddOrUpdate(name, 1, (_, n) => n + 1);

    public static int Count(string name) => Counters.GetValueOrDefault(name);

    /// <summary>Raises <paramref name="name"/> (idempotent).</summary>
    public static void Signal(string name) => Gate(name).TrySetResult();

    public static bool IsSignalled(string name) => Gate(name).Task.IsCompleted;

    /// <summary>Completes when <paramref name="name"/> is signalled; grain code awaits gates the test opens.</summary>
    public static Task WhenSignalled(string name) => Gate(name).Task;

    public static void Record(string journal, string entry) => Journals.GetOrAdd(journal, _ => new ConcurrentQueue<string>()).Enqueue(entry);

    public static IReadOnlyList<string> Entries(string journal) => Journals.TryGetValue(journal, out var q) ? q.ToArray() : [];

    public static string NewKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static TaskCompletionSource Gate(string name) =>
        Signals.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

using ChatDb.Runtime.TestingHost;

namespace ChatDb.Runtime.Tests.Infrastructure;

internal static class Waits
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static Task ForAsync(Func<bool> condition, string whatIsAwaited) =>
        TestingUtils.WaitUntilAsync(condition, Timeout, whatIsAwaited);

    public static Task ForSignalAsync(string signal) =>
        Probe.WhenSignalled(signal).WaitAsync(Timeout).ContinueWith(
            t => t.IsFaulted ? throw new TimeoutException($"Timed out waiting for signal '{signal}'.") : t,
            TaskScheduler.Default).Unwrap();
}

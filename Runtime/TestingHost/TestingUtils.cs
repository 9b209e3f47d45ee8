using System.Diagnostics;

namespace ChatDb.Runtime.TestingHost;

public static class TestingUtils
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Awaits until <paramref name="condition"/> holds, re-checking on a short real-time interval;
    /// throws <see cref="TimeoutException"/> naming <paramref name="whatIsAwaited"/> when
    /// <paramref name="timeout"/> passes first.
    /// </summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string whatIsAwaited)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var stopwatch = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (stopwatch.Elapsed >= timeout)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for: {whatIsAwaited}.");
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
    }

    /// <summary>Synchronous-condition convenience overload.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string whatIsAwaited)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return WaitUntilAsync(() => Task.FromResult(condition()), timeout, whatIsAwaited);
    }
}

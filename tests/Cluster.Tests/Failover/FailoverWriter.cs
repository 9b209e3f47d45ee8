using System.Diagnostics;
using System.Globalization;
using ChatDb.Client;
using ChatDb.CrashLoop;
using ChatDb.Grains.Models;

namespace ChatDb.Cluster.Tests.Failover;

/// <summary>
/// Appends to one session until stopped, each message with the client id <c>{writer}-{n}</c>; a failed add is retried
/// with the same id (through the next door when its own is down) until acknowledged, so an add stored but never
/// acknowledged comes back as the stored message, not a second one. Keeps when each acknowledgement arrived, and counts
/// the adds that were not acknowledged within <see cref="FailedCallBound"/> of their first attempt, retries included.
/// </summary>
internal sealed class FailoverWriter(string name, string userId, string sessionId, Func<int, IChatDb> door, AckLedger ledger, CrashLoopFailures failures)
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(50);

    /// <summary>How long one add may take before it is sent again.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// An add not acknowledged within this time of its first attempt, however often it was sent again, counts as a
    /// failed call: a chat server would have given up on it and told its user.
    /// </summary>
    public static readonly TimeSpan FailedCallBound = TimeSpan.FromSeconds(15);

    private readonly List<TimeSpan> _acks = [];

    public string SessionId => sessionId;

    public string Name => name;

    public long Retries { get; private set; }

    /// <summary>Adds acknowledged only after <see cref="FailedCallBound"/> (or never, at the stop).</summary>
    public long FailedCalls { get; private set; }

    /// <summary>The longest time from an add's first attempt to its acknowledgement.</summary>
    public TimeSpan LongestCall { get; private set; }

    /// <summary>Adds that took longer than <see cref="CallTimeout"/>: when, how long, how many attempts, and the last error.</summary>
    public List<string> SlowCalls { get; } = [];

    /// <summary>The id of the add in progress when the writer stopped (it may be stored without an acknowledgement).</summary>
    public string? Unacknowledged { get; private set; }

    /// <summary>The first acknowledgement at or after <paramref name="since"/> on the run's clock, null when none yet.</summary>
    public TimeSpan? FirstAckAfter(TimeSpan since)
    {
        lock (_acks)
        {
            var i = _acks.FindIndex(at => at >= since);
            return i < 0 ? null : _acks[i];
        }
    }

    public async Task RunAsync(Stopwatch clock, CancellationToken stop)
    {
        var attempt = 0;
        for (var n = 1L; !stop.IsCancellationRequested; n++)
        {
            var message = new NewMessage
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"{name}-{n}"),
                Role = n % 2 == 1 ? "user" : "assistant",
                Content = string.Create(CultureInfo.InvariantCulture, $"message {n} of writer {name}"),
            };
            Unacknowledged = message.Id;
            var firstAttempt = clock.Elapsed;
            var attempts = 0;
            Exception? lastError = null;
            while (true)
            {
                try
                {
                    // A call whose silo died under it may only end at Orleans' response timeout (30 s): a chat server
                    // gives each call its own, shorter time and sends the same add again (docs/CLUSTER.md, "Failover").
                    attempts++;
                    using var call = new CancellationTokenSource(CallTimeout);
                    var stored = await door(attempt).AddMessageAsync(userId, sessionId, message, call.Token);
                    if (stored.Id != message.Id || stored.Seq != n)
                    {
                        failures.Add($"writer {name}: add of '{message.Id}' was acknowledged as '{stored.Id}' seq {stored.Seq}; expected seq {n}.");
                    }

                    ledger.Record(sessionId, message.Id, stored.Seq);
                    var acknowledged = clock.Elapsed;
                    lock (_acks)
                    {
                        _acks.Add(acknowledged);
                    }

                    LongestCall = acknowledged - firstAttempt > LongestCall ? acknowledged - firstAttempt : LongestCall;
                    FailedCalls += acknowledged - firstAttempt > FailedCallBound ? 1 : 0;
                    if (acknowledged - firstAttempt > CallTimeout)
                    {
                        SlowCalls.Add(string.Create(CultureInfo.InvariantCulture,
                            $"{message.Id}: {(acknowledged - firstAttempt).TotalSeconds:F2} s from {firstAttempt.TotalSeconds:F1} s, {attempts} attempts, last error {Describe(lastError)}"));
                    }

                    Unacknowledged = null;
                    break;
                }
                catch (Exception e)
                {
                    lastError = e;
                    // The silo behind this door died or the grain is moving: the same add again, through the next door.
                    // At the stop the add stays unacknowledged (it may be stored: the check allows exactly that one).
                    Retries++;
                    attempt++;
                    if (stop.IsCancellationRequested)
                    {
                        FailedCalls += clock.Elapsed - firstAttempt > FailedCallBound ? 1 : 0;
                        return;
                    }

                    await Task.Delay(RetryPause, CancellationToken.None);
                }
            }
        }
    }

    private static string Describe(Exception? error) =>
        error is null ? "none" : $"{error.GetType().Name}: {error.Message[..Math.Min(error.Message.Length, 300)]}";
}

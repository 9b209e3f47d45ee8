using System.Diagnostics;
using System.Globalization;
using ChatDb.Client;
using ChatDb.CrashLoop;
using ChatDb.Grains.Models;

namespace ChatDb.Cluster.Tests.Failover;

/// <summary>
/// Appends to one session until stopped, each message with the client id <c>{writer}-{n}</c>; a failed add is retried
/// with the same id (through the next door when its own is down) until acknowledged, so an add stored but never
/// acknowledged comes back as the stored message, not a second one. Keeps when each acknowledgement arrived.
/// </summary>
internal sealed class FailoverWriter(string name, string userId, string sessionId, Func<int, IChatDb> door, AckLedger ledger, CrashLoopFailures failures)
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(50);

    /// <summary>How long one add may take before it is sent again.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(3);

    private readonly List<TimeSpan> _acks = [];

    public string SessionId => sessionId;

    public string Name => name;

    public long Retries { get; private set; }

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
            while (true)
            {
                try
                {
                    // A call whose silo died under it may only end at Orleans' response timeout (30 s): a chat server
                    // gives each call its own, shorter time and sends the same add again (docs/CLUSTER.md, "Failover").
                    using var call = new CancellationTokenSource(CallTimeout);
                    var stored = await door(attempt).AddMessageAsync(userId, sessionId, message, call.Token);
                    if (stored.Id != message.Id || stored.Seq != n)
                    {
                        failures.Add($"writer {name}: add of '{message.Id}' was acknowledged as '{stored.Id}' seq {stored.Seq}; expected seq {n}.");
                    }

                    ledger.Record(sessionId, message.Id, stored.Seq);
                    lock (_acks)
                    {
                        _acks.Add(clock.Elapsed);
                    }

                    Unacknowledged = null;
                    break;
                }
                catch (Exception)
                {
                    // The silo behind this door died or the grain is moving: the same add again, through the next door.
                    // At the stop the add stays unacknowledged (it may be stored: the check allows exactly that one).
                    Retries++;
                    attempt++;
                    if (stop.IsCancellationRequested)
                    {
                        return;
                    }

                    await Task.Delay(RetryPause, CancellationToken.None);
                }
            }
        }
    }
}

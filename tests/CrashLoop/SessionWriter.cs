using System.Globalization;
using System.Net.Sockets;
using ChatDb.Client;
using ChatDb.Grains.Models;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace ChatDb.CrashLoop;

/// <summary>
/// Adds messages to its own sessions in turn, each with the client id <c>{session index}-{n}</c>. A message
/// counts once the silo acknowledged it; until then the same add (same id) is retried across kills, so an
/// add that was stored but never acknowledged must come back as the stored message, not a second one.
/// </summary>
public sealed class SessionWriter(
    string userId,
    IReadOnlyList<(int Index, string SessionId)> sessions,
    SiloConnection connection,
    AckLedger ledger,
    CrashLoopFailures failures)
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    private readonly Dictionary<string, long> _lastAcked = sessions.ToDictionary(s => s.SessionId, _ => 0L, StringComparer.Ordinal);

    public long Retries { get; private set; }

    /// <summary>Writes until <paramref name="stop"/> is cancelled and the add in progress is acknowledged.</summary>
    public async Task RunAsync(CancellationToken stop, CancellationToken abort)
    {
        var turn = 0;
        while (!stop.IsCancellationRequested && !abort.IsCancellationRequested)
        {
            var (index, sessionId) = sessions[turn++ % sessions.Count];
            var n = _lastAcked[sessionId] + 1;
            var message = new NewMessage
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"s{index:D3}-{n}"),
                Role = n % 2 == 1 ? "user" : "assistant",
                Content = string.Create(CultureInfo.InvariantCulture, $"message {n} of session {index}: {new string('x', (int)(n % 97))}"),
            };
            var stored = await AddUntilAcknowledgedAsync(sessionId, message, abort).ConfigureAwait(false);
            if (stored is null)
            {
                return;
            }

            if (stored.Id != message.Id || stored.Seq != n)
            {
                failures.Add($"session {sessionId}: add of '{message.Id}' was acknowledged as id '{stored.Id}' seq {stored.Seq}; expected seq {n} (one writer per session, every earlier add acknowledged).");
            }

            ledger.Record(sessionId, message.Id, stored.Seq);
            _lastAcked[sessionId] = n;
        }
    }

    private async Task<ChatMessage?> AddUntilAcknowledgedAsync(string sessionId, NewMessage message, CancellationToken abort)
    {
        while (!abort.IsCancellationRequested)
        {
            var (client, epoch) = connection.Current;
            try
            {
                return await new ChatDbClient(client).AddMessageAsync(userId, sessionId, message).ConfigureAwait(false);
            }
            catch (Exception e) when (IsLostSilo(e))
            {
                Retries++;
            }
            catch (Exception e)
            {
                // Anything but a lost connection is the product misbehaving after a crash; note it and keep trying.
                Retries++;
                failures.Add($"session {sessionId}: add of '{message.Id}' failed with {e.GetType().Name}: {e.Message}");
            }

            try
            {
                await connection.WaitForEpochAfterAsync(epoch, RetryPause, abort).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// What an Orleans client reports when its silo was killed under a call or before it: the connection failed
    /// or has no gateway left, the message was rejected or timed out, the client was stopped for the next epoch.
    /// </summary>
    private static bool IsLostSilo(Exception e) =>
        e is SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException or GatewayTooBusyException
            or TimeoutException or ObjectDisposedException or IOException or SocketException or OperationCanceledException;
}

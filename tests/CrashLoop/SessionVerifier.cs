using ChatDb.Client;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage.Keys;

namespace ChatDb.CrashLoop;

/// <summary>
/// Reads every session back and holds it against the ledger: each acknowledged message present exactly
/// once with the seq it was acknowledged with, acknowledgements in seq order, seqs 1..n without gaps,
/// no duplicate ids, and nothing stored that was never acknowledged.
/// </summary>
public static class SessionVerifier
{
    private const int PageSize = 100;

    /// <returns>How many acknowledged messages were found as acknowledged.</returns>
    public static async Task<long> VerifyAsync(
        SiloConnection connection, string userId, AckLedger ledger, CrashLoopFailures failures, CancellationToken cancellationToken)
    {
        var verified = 0L;
        foreach (var sessionId in ledger.Sessions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var client = connection.Current.Client;
            var stored = await ReadAllAsync(new ChatDbClient(client), userId, sessionId, cancellationToken).ConfigureAwait(false);
            // ChatDbClient has no count; the session grain's own answer is what is held against the read.
            var count = await client.GetGrain<ISessionGrain>(ChatGrainKeys.Session(userId, sessionId)).CountMessagesAsync().ConfigureAwait(false);
            verified += Check(sessionId, stored, count, ledger.For(sessionId), failures);
        }

        return verified;
    }

    private static async Task<List<ChatMessage>> ReadAllAsync(ChatDbClient chat, string userId, string sessionId, CancellationToken cancellationToken)
    {
        var all = new List<ChatMessage>();
        while (true)
        {
            var page = await chat.GetMessagesAsync(
                userId, sessionId, new MessageQuery { Limit = PageSize, AfterSeq = all.Count == 0 ? null : all[^1].Seq }, cancellationToken).ConfigureAwait(false);
            all.AddRange(page);
            if (page.Count < PageSize)
            {
                return all;
            }
        }
    }

    private static long Check(string sessionId, List<ChatMessage> stored, long count, IReadOnlyList<AckedMessage> acked, CrashLoopFailures failures)
    {
        if (count != stored.Count)
        {
            failures.Add($"session {sessionId}: CountMessagesAsync says {count}, reading returned {stored.Count} messages.");
        }

        var byId = new Dictionary<string, ChatMessage>(StringComparer.Ordinal);
        for (var i = 0; i < stored.Count; i++)
        {
            if (stored[i].Seq != i + 1)
            {
                failures.Add($"session {sessionId}: message {i + 1} read has seq {stored[i].Seq}; seqs must run 1..n without gaps.");
            }

            if (!byId.TryAdd(stored[i].Id, stored[i]))
            {
                failures.Add($"session {sessionId}: message id '{stored[i].Id}' is stored twice (seq {byId[stored[i].Id].Seq} and {stored[i].Seq}).");
            }
        }

        var verified = 0L;
        var previousSeq = 0L;
        foreach (var ack in acked)
        {
            if (ack.Seq <= previousSeq)
            {
                failures.Add($"session {sessionId}: '{ack.Id}' was acknowledged with seq {ack.Seq} after an acknowledgement with seq {previousSeq}.");
            }

            previousSeq = ack.Seq;
            if (!byId.TryGetValue(ack.Id, out var message))
            {
                failures.Add($"session {sessionId}: acknowledged message '{ack.Id}' (seq {ack.Seq}) is missing.");
            }
            else if (message.Seq != ack.Seq)
            {
                failures.Add($"session {sessionId}: acknowledged message '{ack.Id}' was seq {ack.Seq} and is now seq {message.Seq}.");
            }
            else
            {
                verified++;
            }
        }

        var ackedIds = acked.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var message in stored.Where(m => !ackedIds.Contains(m.Id)))
        {
            failures.Add($"session {sessionId}: message '{message.Id}' (seq {message.Seq}) is stored but was never acknowledged, although every add was retried until acknowledged.");
        }

        return verified;
    }
}

using System.Collections.Concurrent;

namespace ChatDb.CrashLoop;

/// <summary>
/// What the silo acknowledged, per session, in the order the acknowledgements arrived. Each session is
/// written by one writer at a time, so a session's list is only appended by that writer.
/// </summary>
public sealed class AckLedger
{
    private readonly ConcurrentDictionary<string, List<AckedMessage>> _bySession = new(StringComparer.Ordinal);
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public IReadOnlyCollection<string> Sessions => [.. _bySession.Keys];

    public void AddSession(string sessionId) => _bySession.TryAdd(sessionId, []);

    public void Record(string sessionId, string messageId, long seq)
    {
        var list = _bySession[sessionId];
        lock (list)
        {
            list.Add(new AckedMessage(messageId, seq));
        }

        Interlocked.Increment(ref _count);
    }

    public IReadOnlyList<AckedMessage> For(string sessionId)
    {
        var list = _bySession[sessionId];
        lock (list)
        {
            return [.. list];
        }
    }
}

/// <param name="Id">The client-supplied message id.</param>
/// <param name="Seq">The sequence number the silo returned with the acknowledgement.</param>
public sealed record AckedMessage(string Id, long Seq);

using System.Collections.Concurrent;

namespace ChatDb.CrashLoop;

/// <summary>Every violation found, from any writer or check; the run fails when there is one.</summary>
public sealed class CrashLoopFailures
{
    private const int Kept = 200;
    private readonly ConcurrentQueue<string> _messages = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyList<string> Messages => [.. _messages];

    public void Add(string message)
    {
        if (Interlocked.Increment(ref _count) <= Kept)
        {
            _messages.Enqueue(message);
        }
    }
}

using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Tests.Internal;

/// <summary>The hot tail of a session's messages: a ring that grows with what it holds, up to its capacity.</summary>
public sealed class MessageTailTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Tail_GrowsPastItsInitialSize_AndKeepsTheNewestCapacityMessagesInOrder()
    {
        var tail = new MessageTail(capacity: 20);
        for (var seq = 1; seq <= 45; seq++)
        {
            tail.Add(Message(seq));
        }

        Assert.Equal(20, tail.Count);
        Assert.Equal(26, tail.FirstSeq);
        Assert.Equal(45, tail.LastSeq);
        Assert.True(tail.Covers(26, 45));
        Assert.False(tail.Covers(25, 45));
        Assert.Equal(Enumerable.Range(30, 16).Select(i => (long)i), tail.Range(30, 45).Select(m => m.Seq));
    }

    [Fact]
    public void Tail_ShorterThanItsInitialSize_HoldsEveryMessage_AndAGapRestartsIt()
    {
        var tail = new MessageTail(capacity: 256);
        Assert.Equal(0, tail.Count);
        Assert.Null(tail.Last);

        for (var seq = 1; seq <= MessageTail.InitialCapacity + 1; seq++)
        {
            tail.Add(Message(seq));
        }

        Assert.Equal(Enumerable.Range(1, MessageTail.InitialCapacity + 1).Select(i => (long)i), tail.Range(1, MessageTail.InitialCapacity + 1).Select(m => m.Seq));
        tail.Add(Message(100));
        Assert.Equal(1, tail.Count);
        Assert.Equal(100, tail.FirstSeq);
        tail.Clear();
        Assert.False(tail.Covers(100, 100));
    }

    private static ChatMessage Message(long seq) => new($"m{seq}", seq, "user", $"message {seq}", Now, [], []);
}

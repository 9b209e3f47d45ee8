namespace ChatDb.Grains.Events;

/// <summary>
/// Reading an event log from a point up to its end, for a reader that then goes on with the live stream
/// (<see cref="ChatEventSubscription"/>): the pages, and which live events the pages already covered.
/// </summary>
public static class ChatEventReplay
{
    /// <summary>
    /// <paramref name="first"/>, then the following pages read with <paramref name="readEvents"/> (after, limit) until
    /// the end of the log as <paramref name="first"/> saw it; events appended later arrive on the live stream.
    /// </summary>
    public static async IAsyncEnumerable<ChatEventPage> Pages(ChatEventPage first, int pageSize, Func<long, int, Task<ChatEventPage>> readEvents)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(readEvents);
        var page = first;
        yield return page;
        while (page.Next < page.LastEventSeq)
        {
            page = await readEvents(page.Next, pageSize).ConfigureAwait(false);
            yield return page;
        }
    }

    /// <summary>
    /// True when live event <paramref name="chatEvent"/> was already read from the log up to <paramref name="replayed"/>.
    /// An event without a seq (0) is never in the log, so it is never covered.
    /// </summary>
    public static bool Covers(long replayed, ChatEvent chatEvent)
    {
        ArgumentNullException.ThrowIfNull(chatEvent);
        return chatEvent.EventSeq != 0 && chatEvent.EventSeq <= replayed;
    }
}

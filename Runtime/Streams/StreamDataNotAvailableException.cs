namespace ChatDb.Runtime.Streams;

/// <summary>
/// Items a subscription should have received are no longer available: a memory stream's buffer
/// dropped them before a slow consumer got to them, or a rewind asked for items older than the buffer.
/// Delivered to <see cref="IAsyncObserver{T}.OnErrorAsync"/>; delivery continues with the oldest available item.
/// </summary>
public sealed class StreamDataNotAvailableException : Exception
{
    public StreamDataNotAvailableException() { }

    public StreamDataNotAvailableException(string message) : base(message) { }

    public StreamDataNotAvailableException(string message, Exception? innerException) : base(message, innerException) { }

    public StreamDataNotAvailableException(StreamId streamId, Guid subscriptionId, long firstMissing, long lastMissing, int bufferCapacity)
        : base($"Stream {streamId}, subscription {subscriptionId}: items {firstMissing}..{lastMissing} are no longer buffered "
            + $"(the buffer keeps the last {bufferCapacity} items); delivery continues with item {lastMissing + 1}.")
    {
        StreamId = streamId;
        FirstMissing = firstMissing;
        LastMissing = lastMissing;
    }

    public StreamId StreamId { get; }

    public long FirstMissing { get; }

    public long LastMissing { get; }
}

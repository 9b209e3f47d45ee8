using Microsoft.Extensions.Logging;

namespace ChatDb.Runtime.Streams;

/// <summary>Stream log messages; event ids 1200-1249 (runtime band 1000-1999).</summary>
internal sealed partial class StreamLog(ILogger logger)
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning,
        Message = "Stream {Provider}:{StreamId}: the consumer of subscription {SubscriptionId} ({Consumer}) failed on item {Token}; the item counts as delivered and delivery continues")]
    public partial void ConsumerFailed(Exception error, string provider, StreamId streamId, Guid subscriptionId, string consumer, string token);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Error,
        Message = "Stream {Provider}:{StreamId}: {ItemCount} items of subscription {SubscriptionId} could not be delivered to grain {Consumer}; they are skipped")]
    public partial void DeliveryFailed(Exception error, string provider, StreamId streamId, Guid subscriptionId, GrainId consumer, int itemCount);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning,
        Message = "Stream {Provider}:{StreamId}: grain {Consumer} attached no observer to subscription {SubscriptionId} (call handle.ResumeAsync in OnActivateAsync); {ItemCount} items dropped")]
    public partial void NoObserver(string provider, StreamId streamId, Guid subscriptionId, GrainId consumer, int itemCount);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning,
        Message = "Stream {Provider}:{StreamId}: subscription {SubscriptionId} lost items {FirstLost}..{LastLost}, no longer buffered; it continues after them")]
    public partial void ItemsLost(string provider, StreamId streamId, Guid subscriptionId, long firstLost, long lastLost);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Error,
        Message = "Stream {Provider}:{StreamId}: items {From}..{To} for subscription {SubscriptionId} could not be read (the log is shorter than the stream's count); delivery stops until the next item")]
    public partial void ItemsMissing(string provider, StreamId streamId, Guid subscriptionId, long from, long to);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Error,
        Message = "Stream {Provider}:{StreamId}: delivery to subscription {SubscriptionId} stopped on an error; it restarts with the next item")]
    public partial void PumpFailed(Exception error, string provider, StreamId streamId, Guid subscriptionId);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Error,
        Message = "Stream {Provider}:{StreamId}: storing {ItemCount} items failed; their producers get the error")]
    public partial void AppendFailed(Exception error, string provider, StreamId streamId, int itemCount);
}

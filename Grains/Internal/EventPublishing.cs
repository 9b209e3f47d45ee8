using ChatDb.Grains.Events;
using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Internal;

internal static class EventPublishing
{
    /// <summary>
    /// Publishes after the change is durable. A failure is logged, not thrown: the caller's change is
    /// stored and acknowledging it as failed would invite a duplicate retry.
    /// </summary>
    public static async Task PublishSafelyAsync(this IChatEventPublisher publisher, ILogger logger, string streamNamespace, string streamKey, ChatEvent chatEvent)
    {
        try
        {
            await publisher.PublishAsync(streamNamespace, streamKey, chatEvent);
        }
        catch (Exception error)
        {
            GrainLog.EventPublishFailed(logger, error, chatEvent.Kind, streamNamespace, streamKey);
        }
    }
}

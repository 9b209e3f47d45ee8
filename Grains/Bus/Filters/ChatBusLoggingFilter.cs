using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Bus;

/// <summary>Logs every published event at Trace level (kind, topic, key, seq), and a refused or failed one at Warning.</summary>
internal sealed partial class ChatBusLoggingFilter(ILogger<ChatBusLoggingFilter> logger) : IChatBusFilter
{
    public async Task PublishAsync(ChatBusMessage message, ChatBusNext next)
    {
        ArgumentNullException.ThrowIfNull(message);
        Published(logger, message.Event.Kind, message.Topic, message.Key, message.Event.EventSeq);
        try
        {
            await next(message).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            Failed(logger, error, message.Event.Kind, message.Topic, message.Key);
            throw;
        }
    }

    [LoggerMessage(EventId = 3851, Level = LogLevel.Trace, Message = "Bus: {Kind} on {Topic}/{Key} (seq {EventSeq})")]
    private static partial void Published(ILogger logger, string kind, string topic, string key, long eventSeq);

    [LoggerMessage(EventId = 3852, Level = LogLevel.Warning, Message = "Bus: {Kind} on {Topic}/{Key} was not published")]
    private static partial void Failed(ILogger logger, Exception error, string kind, string topic, string key);
}

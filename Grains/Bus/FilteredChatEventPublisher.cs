using ChatDb.Grains.Events;

namespace ChatDb.Grains.Bus;

/// <summary>
/// Runs every published event through the bus filters, in registration order, before the publisher it wraps (the
/// streams, and search indexing when on). Wrapping the silo's <see cref="IChatEventPublisher"/> puts the chat grains'
/// own events through the same filters as those published on <see cref="IChatBus"/>.
/// </summary>
internal sealed class FilteredChatEventPublisher : IChatEventPublisher
{
    private readonly ChatBusNext _pipeline;

    public FilteredChatEventPublisher(IChatEventPublisher inner, IEnumerable<IChatBusFilter> filters)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ChatBusNext pipeline = message => inner.PublishAsync(message.Topic, message.Key, message.Event);
        foreach (var filter in filters.Reverse())
        {
            var next = pipeline;
            pipeline = message => filter.PublishAsync(message, next);
        }

        _pipeline = pipeline;
    }

    public Task PublishAsync(string streamNamespace, string streamKey, ChatEvent chatEvent) =>
        _pipeline(new ChatBusMessage(streamNamespace, streamKey, chatEvent));
}

using ChatDb.Grains.Events;

namespace ChatDb.Grains.Bus;

/// <summary>One event on its way through the bus: its topic (the stream namespace), its key and the event.</summary>
public sealed record ChatBusMessage(string Topic, string Key, ChatEvent Event);

/// <summary>The rest of the publish pipeline after a filter: the next filter, then the stream.</summary>
public delegate Task ChatBusNext(ChatBusMessage message);

/// <summary>
/// A step every published event passes before it reaches the stream (logging, tracing, validation). A filter calls
/// <c>next</c> to pass the event on, may throw to refuse it, and runs in the publishing grain's turn, so it must be
/// quick and must not call back into that grain.
/// </summary>
public interface IChatBusFilter
{
    Task PublishAsync(ChatBusMessage message, ChatBusNext next);
}

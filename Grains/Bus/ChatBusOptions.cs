using ChatDb.Grains.Events;

namespace ChatDb.Grains.Bus;

/// <summary>Settings of the bus (<c>AddChatBus</c>).</summary>
public sealed class ChatBusOptions
{
    /// <summary>Live-only topics beyond <see cref="ChatBusTopics.BuiltIn"/>, e.g. a plugin module's own.</summary>
    public ISet<string> Topics { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Undelivered live events one subscriber may hold before a live-only subscription fails (logged topics catch up instead).</summary>
    public int SubscriberCapacity { get; set; } = ChatEventWatch.Capacity;
}

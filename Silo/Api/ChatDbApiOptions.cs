using ChatDb.Grains.Events;

namespace ChatDb.Silo.Api;

/// <summary>Settings of the REST API (configuration section <c>Api</c>).</summary>
public sealed class ChatDbApiOptions
{
    public const string SectionName = "Api";

    /// <summary>The stream provider the chat grains publish their events on (<c>AddChatEventStreams</c>); the event routes read it.</summary>
    public string EventStreamProviderName { get; set; } = ChatStreams.DefaultProviderName;

    /// <summary>How many events a slow event-stream client may fall behind before it is disconnected.</summary>
    public int EventSubscriberCapacity { get; set; } = 1024;
}

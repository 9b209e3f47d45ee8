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

    /// <summary>
    /// The largest <c>limit</c> a list or search route accepts (<c>Api:MaxPageSize</c>); a larger one is a 400 that
    /// names this setting, so one request can never ask for a whole session at once.
    /// </summary>
    public int MaxPageSize { get; set; } = DefaultMaxPageSize;

    /// <summary>The default of <see cref="MaxPageSize"/>: the same cap as search results.</summary>
    public const int DefaultMaxPageSize = 1000;
}

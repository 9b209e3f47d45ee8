namespace ChatDb.Grains.Events;

/// <summary>
/// Where the chat grains send their events (<see cref="ChatStreams"/>). Grains call it after the change
/// is durable. Until the stream runtime is wired in, the silo registers <see cref="NullChatEventPublisher"/>;
/// a stream-backed publisher replaces it with one registration.
/// </summary>
public interface IChatEventPublisher
{
    /// <param name="streamNamespace"><see cref="ChatStreams.SessionEvents"/> or <see cref="ChatStreams.PanelEvents"/>.</param>
    /// <param name="streamKey">The session key <c>{userId}/{sessionId}</c> or the panel id.</param>
    /// <param name="chatEvent">What happened.</param>
    Task PublishAsync(string streamNamespace, string streamKey, ChatEvent chatEvent);
}

/// <summary>Drops every event: the default until a stream provider is configured.</summary>
public sealed class NullChatEventPublisher : IChatEventPublisher
{
    public Task PublishAsync(string streamNamespace, string streamKey, ChatEvent chatEvent) => Task.CompletedTask;
}

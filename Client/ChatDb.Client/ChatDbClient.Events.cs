using ChatDb.Grains.Events;
using ChatDb.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;

namespace ChatDb.Client;

public sealed partial class ChatDbClient
{
    // === Event logs ===

    public Task<ChatEventPage> ReadSessionEventsAsync(string userId, string sessionId, long after = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        Session(userId, sessionId).ReadEventsAsync(after, limit).WaitAsync(cancellationToken);

    public Task<ChatEventPage> ReadPanelEventsAsync(string panelId, long after = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        Panel(panelId).ReadEventsAsync(after, limit).WaitAsync(cancellationToken);

    public IAsyncEnumerable<ChatEvent> WatchSessionEventsAsync(string userId, string sessionId, long? after = null, CancellationToken cancellationToken = default)
    {
        var session = Session(userId, sessionId);
        return ChatEventWatch.ReadAsync(ChatStreamProvider(), ChatStreams.SessionEvents, ChatStreams.SessionKey(userId, sessionId), CheckedAfter(after),
            session.ReadEventsAsync, cancellationToken);
    }

    public IAsyncEnumerable<ChatEvent> WatchPanelEventsAsync(string panelId, long? after = null, CancellationToken cancellationToken = default)
    {
        var panel = Panel(panelId);
        return ChatEventWatch.ReadAsync(ChatStreamProvider(), ChatStreams.PanelEvents, panelId, CheckedAfter(after), panel.ReadEventsAsync, cancellationToken);
    }

    /// <summary>The stream provider <see cref="ChatDbClientBuilderExtensions.UseChatDb(Orleans.Hosting.IClientBuilder)"/> registers for the silo's chat events.</summary>
    private IStreamProvider ChatStreamProvider() =>
        _client.ServiceProvider.GetKeyedService<IStreamProvider>(ChatStreams.DefaultProviderName)
        ?? throw new ConfigurationError(
            $"watching events needs the stream provider '{ChatStreams.DefaultProviderName}' on this Orleans client: build it with UseChatDb() (rule: watch-needs-chat-streams).");

    private static long? CheckedAfter(long? after) =>
        after is < 0 ? throw new ValidationError($"after must be an event seq, 0 or more, not {after} (rule: after-is-seq).") : after;
}

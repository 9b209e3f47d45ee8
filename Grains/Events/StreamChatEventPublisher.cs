using Microsoft.Extensions.DependencyInjection;
using ChatDb.Storage;
using Orleans.Runtime;
using Orleans.Streams;

namespace ChatDb.Grains.Events;

/// <summary>
/// Publishes chat events as <see cref="ChatEvent"/> items on the streams of one stream provider:
/// <c>(session-events, {userId}/{sessionId})</c> and <c>(panel-events, {panelId})</c>. Items of one
/// grain keep their order because each grain publishes from its own turns.
/// </summary>
public sealed class StreamChatEventPublisher(IServiceProvider services, string streamProviderName) : IChatEventPublisher
{
    private IStreamProvider? _provider;

    public async Task PublishAsync(string streamNamespace, string streamKey, ChatEvent chatEvent)
    {
        // Resolved on first use: stream providers are created when the silo starts, after the grains are registered.
        _provider ??= services.GetRequiredKeyedService<IStreamProvider>(streamProviderName);
        await _provider.GetStream<ChatEvent>(StreamId.Create(streamNamespace, streamKey)).OnNextAsync(chatEvent);
        ChatDbMetrics.EventsPublished.Add(1, new KeyValuePair<string, object?>("chatdb.stream", streamNamespace));
    }
}

using System.Collections.Concurrent;
using ChatDb.Grains.Events;

namespace ChatDb.Grains.Tests.Infrastructure;

/// <summary>Keeps every published event, in publishing order.</summary>
internal sealed class RecordingEventPublisher : IChatEventPublisher
{
    private readonly ConcurrentQueue<(string Namespace, string Key, ChatEvent Event)> _events = new();

    public IReadOnlyList<(string Namespace, string Key, ChatEvent Event)> Events => [.. _events];

    public IReadOnlyList<ChatEvent> On(string streamNamespace, string streamKey) =>
        _events.Where(e => e.Namespace == streamNamespace && e.Key == streamKey).Select(e => e.Event).ToList();

    public Task PublishAsync(string streamNamespace, string streamKey, ChatEvent chatEvent)
    {
        _events.Enqueue((streamNamespace, streamKey, chatEvent));
        return Task.CompletedTask;
    }
}

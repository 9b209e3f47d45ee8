using System.Collections.Concurrent;
using ChatDb.Grains.Events;

namespace ChatDb.Grains.Tests.Infrastructure;

/// <summary>
/// Keeps every published event, in publishing order, across silo restarts; each silo's publisher passes
/// the event on to that silo's streams (<see cref="PassingTo"/>).
/// </summary>
internal sealed class RecordingEventPublisher
{
    private readonly ConcurrentQueue<(string Namespace, string Key, ChatEvent Event)> _events = new();

    public IReadOnlyList<(string Namespace, string Key, ChatEvent Event)> Events => [.. _events];

    public IReadOnlyList<ChatEvent> On(string streamNamespace, string streamKey) =>
        _events.Where(e => e.Namespace == streamNamespace && e.Key == streamKey).Select(e => e.Event).ToList();

    /// <summary>A publisher that records each event, then publishes it through <paramref name="inner"/>.</summary>
    public IChatEventPublisher PassingTo(IChatEventPublisher inner) => new Recording(this, inner);

    private sealed class Recording(RecordingEventPublisher recorder, IChatEventPublisher inner) : IChatEventPublisher
    {
        public Task PublishAsync(string streamNamespace, string streamKey, ChatEvent chatEvent)
        {
            recorder._events.Enqueue((streamNamespace, streamKey, chatEvent));
            return inner.PublishAsync(streamNamespace, streamKey, chatEvent);
        }
    }
}

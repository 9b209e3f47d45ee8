using Orleans;

namespace ChatDb.Grains.Events;

/// <summary>
/// A page of a session's or panel's event log, oldest first, each event with its <see cref="ChatEvent.EventSeq"/>.
/// A page can hold fewer events than asked for (a reference to a message whose write never completed is left
/// out); <see cref="Next"/> is where the following page starts either way.
/// </summary>
/// <param name="Events">The events, in log order.</param>
/// <param name="Next">The event seq to ask for as <c>after</c> next: the last seq this page covered.</param>
/// <param name="LastEventSeq">The log's last event seq when the page was read (0 for an empty log).</param>
[Immutable]
public sealed record ChatEventPage(IReadOnlyList<ChatEvent> Events, long Next, long LastEventSeq);

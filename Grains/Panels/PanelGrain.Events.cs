using ChatDb.Grains.Events;

namespace ChatDb.Grains.Panels;

/// <summary>Reads of the panel's event log; the writes go through <see cref="Internal.ChatEventLog"/>.</summary>
public sealed partial class PanelGrain
{
    public Task<ChatEventPage> ReadEventsAsync(long after, int limit)
    {
        RequirePanel();
        return _events.ReadAsync(after, limit, "events of " + Subject,
            (first, last) => _messages.ReadStoredAsync(first, Math.Min(last, _messages.Count)),
            (record, message) => message is not null && record.Kind == ChatEventKinds.PanelMessageAdded ? new PanelMessageAdded(_panelId, record.At, message) : null);
    }
}

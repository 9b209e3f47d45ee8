using ChatDb.Grains.Events;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Sessions;

/// <summary>Reads of the session's event log; the writes go through <see cref="Internal.ChatEventLog"/> wherever a change is made.</summary>
public sealed partial class SessionGrain
{
    public Task<ChatEventPage> ReadEventsAsync(long after, int limit)
    {
        RequireSession();
        return _events.ReadAsync(after, limit, "events of " + Subject,
            (first, last) => _messages.ReadStoredAsync(first, Math.Min(last, _messages.Count)), RebuildEvent);
    }

    /// <summary>A message event as it reads now: the stored message (a redacted one without its text), an edit as of its record.</summary>
    private ChatEvent? RebuildEvent(ChatEventRecord record, ChatMessage? message) => (record.Kind, message) switch
    {
        (_, null) => null,
        (ChatEventKinds.MessageAdded, _) => new MessageAdded(_userId, _sessionId, record.At, message),
        (ChatEventKinds.MessageEdited, _) when record.EditSeq is { } edit && edit <= _edits.Count =>
            new MessageEdited(_userId, _sessionId, record.At, _edits.Apply(message, includeHistory: false, upToRecord: edit)),
        _ => null,
    };
}

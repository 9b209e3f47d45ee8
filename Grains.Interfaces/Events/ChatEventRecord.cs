using System.Text.Json.Serialization;

namespace ChatDb.Grains.Events;

/// <summary>
/// One line of a session's or panel's event log (<c>events.jsonl</c>, docs/STORAGE.md §1); the log assigns its
/// <c>seq</c>, the event's number. A message event is kept as a reference, never with the message's text:
/// <see cref="MessageSeq"/> (and <see cref="EditSeq"/>, the edits-log record of an edit), rebuilt from the message
/// and edits logs when read, so a redaction, which rewrites those, never has to touch this log. Every other event
/// is kept whole in <see cref="Event"/>.
/// </summary>
/// <param name="Kind">The event kind (<see cref="ChatEventKinds"/>).</param>
/// <param name="At">When it happened, UTC.</param>
/// <param name="Messages">How many messages the message log held once the event was durable.</param>
public sealed record ChatEventRecord(string Kind, DateTimeOffset At, long Messages)
{
    /// <summary>The message a message event names (message_added, message_edited, panel_message_added).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? MessageSeq { get; init; }

    /// <summary>The edits-log record number of a message_edited event: the version it announced.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? EditSeq { get; init; }

    /// <summary>The event whole, for every kind that is not a message reference.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ChatEvent? Event { get; init; }

    /// <summary>True when the record names a message instead of holding its event.</summary>
    [JsonIgnore]
    public bool IsMessageReference => Event is null && MessageSeq is not null;

    /// <summary>The record of <paramref name="chatEvent"/>: a reference for message events, the event whole otherwise.</summary>
    public static ChatEventRecord Of(ChatEvent chatEvent, long messages, long? editSeq = null) => chatEvent switch
    {
        MessageAdded added => new(chatEvent.Kind, chatEvent.Timestamp, messages) { MessageSeq = added.Message.Seq },
        PanelMessageAdded added => new(chatEvent.Kind, chatEvent.Timestamp, messages) { MessageSeq = added.Message.Seq },
        MessageEdited edited => new(chatEvent.Kind, chatEvent.Timestamp, messages) { MessageSeq = edited.Message.Seq, EditSeq = editSeq },
        _ => new(chatEvent.Kind, chatEvent.Timestamp, messages) { Event = chatEvent with { EventSeq = 0 } },
    };
}

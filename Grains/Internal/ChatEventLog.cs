using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Logs;
using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Internal;

/// <summary>
/// The event log of a session or panel (<c>events.jsonl</c>) and the one way its grain publishes events: append
/// durably (the event gets the next event seq, gapless from 1), then publish it on the stream carrying that seq.
/// Used only from its grain's turns.
/// <para>
/// An event that goes with another durable write (a message, an edit) is appended while that write runs, so the
/// two fsyncs overlap instead of adding up. A crash can then leave either file ahead of the other, and neither was
/// acknowledged: a message whose event is missing gets its message event appended by the next append of a later
/// activation (each record says how many messages the message log held, so one tail read finds what is missing);
/// an event naming a message the log does not hold is never returned (docs/STORAGE.md, events.jsonl).
/// </para>
/// <para>
/// Message events (references only) are appended <see cref="LogDurability.Deferred"/>: a message add waits for one
/// fsync, its message's. A crash of the machine can lose a suffix of them (never one before a durable event: the
/// file's fsync covers what was written before), including events readers already saw live; the catch-up then
/// appends them again in message order, so they get back the seqs they had, and it runs before the first read of
/// an activation as well as before its first append. Other events are appended durably: they cannot be rebuilt.
/// </para>
/// </summary>
internal sealed class ChatEventLog(
    IPersistentLog<ChatEventRecord> log,
    IChatEventPublisher publisher,
    ILogger logger,
    string streamNamespace,
    Func<string> streamKey,
    Func<long> messageCount,
    string messageAddedKind,
    TimeProvider time)
{
    private bool _tailChecked;

    /// <summary>Events in the log (= the last event seq); the log must be loaded (see <see cref="CountAsync"/>).</summary>
    public long Count => log.Count;

    /// <summary>Events in the log, read from the storage first when the grain does not load the log on activation.</summary>
    public async Task<long> CountAsync()
    {
        await log.EnsureLoadedAsync();
        return log.Count;
    }

    /// <summary>
    /// Appends <paramref name="chatEvent"/> whole and publishes it with its seq. A failed append is logged, not
    /// thrown (the caller's change is stored), and nothing is published.
    /// </summary>
    public async Task AppendAndPublishAsync(ChatEvent chatEvent, LogDurability durability = LogDurability.Durable)
    {
        if (await AppendAsync([ChatEventRecord.Of(chatEvent, messageCount())], alongside: null, durability) is { } first)
        {
            await PublishAsync([chatEvent], first);
        }
    }

    /// <summary>
    /// Appends <paramref name="records"/> while <paramref name="alongside"/> (the write they describe) runs, and
    /// returns the seq of the first once both are durable, or null when only the event append failed (logged).
    /// A failure of <paramref name="alongside"/> is thrown.
    /// </summary>
    /// <param name="records">The events to append.</param>
    /// <param name="alongside">The write they describe, run at the same time; null when there is none.</param>
    /// <param name="durability"><see cref="LogDurability.Deferred"/> for an event whose write is made durable with a later
    /// sync anyway (a journaled session create); message events are always deferred.</param>
    public async Task<long?> AppendAsync(IReadOnlyList<ChatEventRecord> records, Func<Task>? alongside, LogDurability durability = LogDurability.Durable)
    {
        IReadOnlyList<ChatEventRecord> missing;
        try
        {
            missing = await MissingMessageEventsAsync(records);
        }
        catch (Exception error)
        {
            // Reading the tail failed: append what was asked for; the next append looks again.
            GrainLog.EventLogAppendFailed(logger, error, records[0].Kind, streamNamespace, streamKey());
            missing = [];
        }

        IReadOnlyList<ChatEventRecord> pending = missing.Count == 0 ? records : [.. missing, .. records];
        var append = AppendLoggedAsync(pending, durability);
        if (alongside is not null)
        {
            var write = alongside();
            await Task.WhenAll(append, write);
        }

        return await append ? log.Count - records.Count + 1 : null;
    }

    /// <summary>
    /// Appends the message events the log is missing now (see the class remarks), before a write that adds messages
    /// without events of their own (a fork's copy), so those are not taken for missing ones later.
    /// </summary>
    public async Task CatchUpAsync(DateTimeOffset at)
    {
        var missing = await MissingMessageEventsAsync([new ChatEventRecord(messageAddedKind, at, messageCount())]);
        if (missing.Count > 0)
        {
            await AppendLoggedAsync(missing);
        }
    }

    /// <summary>Publishes <paramref name="events"/> numbered from <paramref name="first"/>; a failure is logged, not thrown.</summary>
    public async Task PublishAsync(IReadOnlyList<ChatEvent> events, long first)
    {
        for (var i = 0; i < events.Count; i++)
        {
            await publisher.PublishSafelyAsync(logger, streamNamespace, streamKey(), events[i] with { EventSeq = first + i });
        }
    }

    /// <summary>
    /// Up to <paramref name="limit"/> records after event seq <paramref name="after"/>, rebuilt by <paramref name="rebuild"/>
    /// (given the record, its seq and the messages its page names), each event with its <see cref="ChatEvent.EventSeq"/>.
    /// </summary>
    public async Task<ChatEventPage> ReadAsync(
        long after,
        int limit,
        string subject,
        Func<long, long, Task<IReadOnlyList<ChatMessage>>> readMessages,
        Func<ChatEventRecord, ChatMessage?, ChatEvent?> rebuild)
    {
        if (limit < 1)
        {
            throw new ValidationError($"{subject}: an event page must ask for at least 1 event, not {limit} (rule: positive-limit).");
        }

        // A crash can have lost the deferred tail of message events that readers already saw live; the first read of
        // an activation puts them back (same order, so the same seqs) before the cursor is checked against the log.
        await log.EnsureLoadedAsync();
        if (!_tailChecked)
        {
            await CatchUpAsync(ChatClock.Now(time));
        }

        if (after < 0 || after > log.Count)
        {
            throw new ValidationError($"{subject}: event seq {after} is not in its event log, whose last event seq is {log.Count} (rule: event-seq-in-log).");
        }

        var entries = after == log.Count ? [] : await log.ReadAsync(after + 1, limit);
        var messages = await ReadReferencedAsync(entries, readMessages);
        var events = new List<ChatEvent>(entries.Count);
        foreach (var entry in entries)
        {
            var message = entry.Value.MessageSeq is { } seq ? messages.GetValueOrDefault(seq) : null;
            if ((entry.Value.IsMessageReference ? (message is null ? null : rebuild(entry.Value, message)) : entry.Value.Event) is { } chatEvent)
            {
                events.Add(chatEvent with { EventSeq = entry.Sequence });
            }
        }

        var next = entries.Count == 0 ? after : entries[^1].Sequence;
        return new ChatEventPage(events, next, log.Count);
    }

    public async Task ClearAsync()
    {
        await log.ClearAsync();
        _tailChecked = false;
    }

    /// <summary>Reads <see cref="Count"/> again after the entity's files came back from the trash.</summary>
    public async Task ReloadAsync()
    {
        await log.ReloadAsync();
        _tailChecked = false;
    }

    private async Task<bool> AppendLoggedAsync(IReadOnlyList<ChatEventRecord> records, LogDurability requested = LogDurability.Durable)
    {
        try
        {
            // Message events are references the catch-up rebuilds from the message log, so they need no fsync of
            // their own: the message's fsync acknowledges the append, and the next durable event's fsync covers them.
            var durability = requested == LogDurability.Deferred || records.All(r => r.Kind == messageAddedKind) ? LogDurability.Deferred : LogDurability.Durable;
            await log.AppendAsync(records, durability);
            return true;
        }
        catch (Exception error)
        {
            // The next append reads the tail again, so a message whose event was lost here gets it then.
            _tailChecked = false;
            GrainLog.EventLogAppendFailed(logger, error, records[^1].Kind, streamNamespace, streamKey());
            return false;
        }
    }

    /// <summary>
    /// Once per activation (and after a failed append): references for the messages the log holds but no event
    /// names, from a crash between the two writes or from a log that predates the event log.
    /// </summary>
    private async Task<IReadOnlyList<ChatEventRecord>> MissingMessageEventsAsync(IReadOnlyList<ChatEventRecord> records)
    {
        if (_tailChecked)
        {
            return [];
        }

        await log.EnsureLoadedAsync();
        var covered = log.Count == 0 ? 0 : (await log.ReadTailAsync(1))[0].Value.Messages;
        _tailChecked = true;

        var first = records.Where(r => r.MessageSeq is not null && r.Kind == messageAddedKind).Select(r => r.MessageSeq!.Value).DefaultIfEmpty(long.MaxValue).Min();
        var held = Math.Min(messageCount(), first - 1);
        var at = records[0].At;
        var missing = new List<ChatEventRecord>();
        for (var seq = covered + 1; seq <= held; seq++)
        {
            missing.Add(new ChatEventRecord(messageAddedKind, at, seq) { MessageSeq = seq });
        }

        return missing;
    }

    private static async Task<Dictionary<long, ChatMessage>> ReadReferencedAsync(
        IReadOnlyList<LogEntry<ChatEventRecord>> entries, Func<long, long, Task<IReadOnlyList<ChatMessage>>> readMessages)
    {
        // Runs of nearby seqs are read in one call each: a page of message_added events names consecutive messages.
        const long Gap = 64;
        var seqs = entries.Where(e => e.Value.IsMessageReference).Select(e => e.Value.MessageSeq!.Value).Distinct().Order().ToList();
        var found = new Dictionary<long, ChatMessage>();
        for (var i = 0; i < seqs.Count;)
        {
            var j = i;
            while (j + 1 < seqs.Count && seqs[j + 1] - seqs[j] <= Gap)
            {
                j++;
            }

            foreach (var message in await readMessages(seqs[i], seqs[j]))
            {
                found[message.Seq] = message;
            }

            i = j + 1;
        }

        return found;
    }
}

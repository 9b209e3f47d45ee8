using ChatDb.Grains.Models;
using ChatDb.Storage.Logs;

namespace ChatDb.Grains.Internal;

/// <summary>
/// A session's edits log (<c>edits.jsonl</c>) and what reads need of it: the records by target seq, held in
/// memory once loaded (edits are few next to messages; a session that was never edited has no log and loads
/// nothing). Reads lay it over the message log: the newest edit is the current version, a delete or redact
/// hides the seq. Used only from its grain's turns; loaded at activation so read-only calls never write.
/// </summary>
internal sealed class MessageEdits(IPersistentLog<MessageEdit> log)
{
    // Created by the first record: most sessions have none, and an idle activation should not carry empty tables.
    private Dictionary<long, List<LogEntry<MessageEdit>>>? _byTarget;
    private HashSet<long>? _removed;

    /// <summary>Records in the log.</summary>
    public long Count => log.Count;

    /// <summary>True when at least one message is deleted or redacted.</summary>
    public bool HasRemovals => _removed is { Count: > 0 };

    /// <summary>Seqs of redacted messages.</summary>
    public IEnumerable<long> RedactedSeqs =>
        _byTarget is null ? [] : _byTarget.Where(t => t.Value.Any(e => e.Value.Kind == MessageEditKind.Redact)).Select(t => t.Key);

    /// <summary>Seqs that at least one record names (edited, deleted or redacted messages).</summary>
    public IEnumerable<long> TargetSeqs => _byTarget is null ? [] : _byTarget.Keys;

    public async Task LoadAsync()
    {
        _byTarget = null;
        _removed = null;
        const int Page = 1000;
        for (long first = 1; first <= log.Count; first += Page)
        {
            foreach (var entry in await log.ReadAsync(first, Page))
            {
                Remember(entry);
            }
        }
    }

    public bool IsRemoved(long seq) => _removed?.Contains(seq) == true;

    public bool IsRedacted(long seq) =>
        _byTarget is not null && _byTarget.TryGetValue(seq, out var edits) && edits.Any(e => e.Value.Kind == MessageEditKind.Redact);

    /// <summary>The records naming <paramref name="seq"/>, oldest first.</summary>
    public IReadOnlyList<LogEntry<MessageEdit>> For(long seq) => _byTarget is not null && _byTarget.TryGetValue(seq, out var edits) ? edits : [];

    public async Task AppendAsync(IReadOnlyList<MessageEdit> edits)
    {
        var first = log.Count + 1;
        await log.AppendAsync(edits);
        for (var i = 0; i < edits.Count; i++)
        {
            Remember(new LogEntry<MessageEdit>(first + i, edits[i]));
        }
    }

    /// <summary>Replaces records in place (erasure) and in memory.</summary>
    public async Task RewriteAsync(IReadOnlyDictionary<long, MessageEdit> replacements, IReadOnlyCollection<string> erase)
    {
        if (replacements.Count == 0 && erase.Count == 0)
        {
            return;
        }

        if (log.Count > 0)
        {
            await log.RewriteAsync(replacements, erase);
        }

        foreach (var edits in _byTarget?.Values ?? Enumerable.Empty<List<LogEntry<MessageEdit>>>())
        {
            for (var i = 0; i < edits.Count; i++)
            {
                if (replacements.TryGetValue(edits[i].Sequence, out var replacement))
                {
                    edits[i] = edits[i] with { Value = replacement };
                }
            }
        }
    }

    public async Task ClearAsync()
    {
        await log.ClearAsync();
        _byTarget = null;
        _removed = null;
    }

    /// <summary>
    /// <paramref name="stored"/> as reads return it: the newest edit's fields with <c>edited</c> set, and with
    /// <paramref name="includeHistory"/> every version. Call only for seqs that are not removed. With
    /// <paramref name="upToRecord"/>, the version as of that record of the edits log (an event's replay).
    /// </summary>
    public ChatMessage Apply(ChatMessage stored, bool includeHistory, long upToRecord = long.MaxValue)
    {
        if (_byTarget is null || !_byTarget.TryGetValue(stored.Seq, out var records))
        {
            return stored;
        }

        var edits = records.Where(e => e.Value.Kind == MessageEditKind.Edit && e.Sequence <= upToRecord).Select(e => e.Value).ToList();
        if (edits.Count == 0)
        {
            return stored;
        }

        var latest = edits[^1];
        return stored with
        {
            Content = latest.Content ?? stored.Content,
            Metadata = latest.Metadata ?? stored.Metadata,
            Edited = true,
            EditedAt = latest.At,
            History = includeHistory
                ? [new MessageVersion(stored.Content, stored.Metadata, stored.Timestamp),
                    .. edits.Select(e => new MessageVersion(e.Content ?? string.Empty, e.Metadata ?? [], e.At))]
                : null,
        };
    }

    private void Remember(LogEntry<MessageEdit> entry)
    {
        var target = entry.Value.TargetSeq;
        _byTarget ??= [];
        if (!_byTarget.TryGetValue(target, out var edits))
        {
            _byTarget[target] = edits = [];
        }

        edits.Add(entry);
        if (entry.Value.Kind is MessageEditKind.Delete or MessageEditKind.Redact)
        {
            (_removed ??= []).Add(target);
        }
    }
}

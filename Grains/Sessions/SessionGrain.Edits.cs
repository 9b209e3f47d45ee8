using ChatDb.Grains.Events;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Sessions;

/// <summary>
/// Edits, deletions and redactions of messages. An edit or a delete appends one record to the edits log and
/// nothing else; a redaction appends its content-free audit record first, then rewrites the message log and
/// the edits log without the message's text (by rename, inside the storage's write gate), and then redacts
/// the same seq in the forks that copied it. A crash between the audit record and the rewrite is finished
/// at the next activation, which finds a redacted seq whose stored message still has content.
/// </summary>
public sealed partial class SessionGrain
{
    public async Task<ChatMessage> EditMessageAsync(long seq, MessagePatch patch)
    {
        RequireSession();
        if (patch is null || (patch.Content is null && patch.Metadata is null))
        {
            throw new ValidationError($"{Subject}: an edit of message {seq} must change content or metadata (rule: edit-not-empty).");
        }

        var stored = await ShownMessageAsync(seq);
        var current = _edits.Apply(stored, includeHistory: false);
        var content = patch.Content ?? current.Content;
        var metadata = JsonMaps.Merge(current.Metadata, patch.Metadata);
        MessageRules.EnsureWithinSize(content, metadata, _options, Subject);
        var now = ChatClock.Now(_time);
        var record = new ChatEventRecord(ChatEventKinds.MessageEdited, now, _messages.Count) { MessageSeq = seq, EditSeq = _edits.Count + 1 };
        var eventSeq = await _events.AppendAsync([record],
            () => _edits.AppendAsync([new MessageEdit(MessageEditKind.Edit, seq, now) { Content = content, Metadata = metadata }]));
        await TouchAsync(now);

        var edited = _edits.Apply(stored, includeHistory: false);
        if (eventSeq is { } first)
        {
            await _events.PublishAsync([new MessageEdited(_userId, _sessionId, now, edited)], first);
        }

        return edited;
    }

    public async Task DeleteMessageAsync(long seq)
    {
        RequireSession();
        RequireSeq(seq);
        if (_edits.IsRemoved(seq))
        {
            return;
        }

        var now = ChatClock.Now(_time);
        await _edits.AppendAsync([new MessageEdit(MessageEditKind.Delete, seq, now)]);
        await TouchAsync(now);
        await _events.AppendAndPublishAsync(new MessageDeleted(_userId, _sessionId, now, seq, Redacted: false));
    }

    public async Task RedactMessageAsync(long seq, string? requestedBy)
    {
        var session = RequireSession();
        RequireSeq(seq);
        var now = ChatClock.Now(_time);
        if (!_edits.IsRedacted(seq))
        {
            await _edits.AppendAsync([new MessageEdit(MessageEditKind.Redact, seq, now) { By = requestedBy }]);
        }

        await EraseAsync(seq);
        await TouchAsync(now);
        await _events.AppendAndPublishAsync(new MessageDeleted(_userId, _sessionId, now, seq, Redacted: true));

        foreach (var fork in session.Forks ?? [])
        {
            if (fork.AtSeq < seq)
            {
                continue;
            }

            try
            {
                await GrainFactory.GetGrain<ISessionGrain>(ChatGrainKeys.Session(_userId, fork.SessionId)).RedactMessageAsync(seq, requestedBy);
            }
            catch (NotFoundError)
            {
                // The fork was deleted since (or never got its messages): nothing of the message is left there.
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                GrainLog.ForkRedactionFailed(_logger, error, _userId, _sessionId, fork.SessionId, seq);
                throw new StorageError($"{Subject}: message {seq} is redacted here, but redacting it in fork {fork.SessionId} failed ({error.Message}); repeat the redaction.", error);
            }
        }
    }

    /// <summary>Loads the edits log at activation and finishes any redaction a crash interrupted.</summary>
    private async Task LoadEditsAsync()
    {
        if (_edits.Count == 0)
        {
            return;
        }

        await _edits.LoadAsync();
        foreach (var seq in _edits.RedactedSeqs.Where(seq => seq <= _messages.Count).ToList())
        {
            var stored = await _messages.ReadStoredAsync(seq, seq);
            if (stored.Count == 1 && (stored[0].Content.Length > 0 || stored[0].Metadata.Count > 0 || _edits.For(seq).Any(e => e.Value.Content is not null || e.Value.Metadata is not null)))
            {
                GrainLog.RedactionResumed(_logger, _userId, _sessionId, seq);
                await EraseAsync(seq);
            }
        }
    }

    /// <summary>Rewrites both logs without the text of message <paramref name="seq"/>; the storage scrubs its side files too.</summary>
    private async Task EraseAsync(long seq)
    {
        var stored = (await _messages.ReadStoredAsync(seq, seq))[0];
        var erase = new HashSet<string>(StringComparer.Ordinal);
        AddTexts(erase, stored.Content, stored.Metadata);
        var edits = new Dictionary<long, MessageEdit>();
        foreach (var entry in _edits.For(seq))
        {
            if (entry.Value.Content is not null || entry.Value.Metadata is not null)
            {
                AddTexts(erase, entry.Value.Content, entry.Value.Metadata);
                edits[entry.Sequence] = entry.Value with { Content = null, Metadata = null };
            }
        }

        var blank = stored with { Content = string.Empty, Metadata = [] };
        await _messages.RewriteAsync(new Dictionary<long, ChatMessage> { [seq] = blank }, erase);
        await _edits.RewriteAsync(edits, erase);
    }

    /// <summary>The content and every string in the metadata: what must not remain in any file.</summary>
    private static void AddTexts(HashSet<string> erase, string? content, Dictionary<string, System.Text.Json.JsonElement>? metadata)
    {
        if (!string.IsNullOrEmpty(content))
        {
            erase.Add(content);
        }

        if (metadata is null)
        {
            return;
        }

        foreach (var value in metadata.Values)
        {
            AddStrings(erase, value);
        }
    }

    private static void AddStrings(HashSet<string> erase, System.Text.Json.JsonElement value)
    {
        switch (value.ValueKind)
        {
            case System.Text.Json.JsonValueKind.String when value.GetString() is { Length: > 0 } text:
                erase.Add(text);
                break;
            case System.Text.Json.JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    AddStrings(erase, item);
                }

                break;
            case System.Text.Json.JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    AddStrings(erase, property.Value);
                }

                break;
        }
    }

    private void RequireSeq(long seq)
    {
        if (seq < 1 || seq > _messages.Count)
        {
            throw new NotFoundError($"{Subject} has no message {seq} (its messages run 1..{_messages.Count}).");
        }
    }

    /// <summary>The stored message <paramref name="seq"/>; NotFoundError when there is none or reads no longer show it.</summary>
    private async Task<ChatMessage> ShownMessageAsync(long seq)
    {
        RequireSeq(seq);
        if (_edits.IsRemoved(seq))
        {
            throw new NotFoundError($"{Subject}: message {seq} was {(_edits.IsRedacted(seq) ? "redacted" : "deleted")}.");
        }

        return (await _messages.ReadStoredAsync(seq, seq))[0];
    }

    /// <summary>An edit is activity: <c>updated_at</c> moves as for a new message.</summary>
    private async Task TouchAsync(DateTimeOffset now)
    {
        await RecoverUpdatedAtAsync();
        if (now > _updatedAt)
        {
            _updatedAt = now;
            _updatedAtDirty = true;
        }

        await NotifyUserAsync("activity in " + Subject, user => user.OnSessionActivityAsync(_sessionId, _updatedAt));
    }
}

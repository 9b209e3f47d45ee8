using System.Globalization;
using ChatDb.Grains.Events;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Ids;

namespace ChatDb.Grains.Sessions;

/// <summary>Batch append: every message is checked before any is written, then all go to the log in one durable write.</summary>
public sealed partial class SessionGrain
{
    public async Task<IReadOnlyList<ChatMessage>> AddMessagesAsync(IReadOnlyList<NewMessage> messages)
    {
        RequireSession();
        if (messages is null || messages.Count == 0)
        {
            throw new ValidationError($"{Subject}: a message batch needs at least one message.");
        }

        StorageLimits.EnsureWithin(nameof(_options.MaxMessagesPerBatch), _options.MaxMessagesPerBatch, messages.Count, $"message count of one batch for {Subject}");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var subjects = new string[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var subject = subjects[i] = BatchSubject(i);
            MessageRules.Validate(messages[i], subject);
            if (messages[i].Id is { } id && !ids.Add(id))
            {
                throw new ValidationError($"{subject}: message id {IdText.Escape(id)} appears twice in the batch (rule 'unique-in-batch').");
            }
        }

        // A retried batch finds its messages stored: they are returned as stored and not written again.
        var result = new ChatMessage[messages.Count];
        var pending = new List<(int Index, NewMessage Message)>();
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].Id is { } id && await _messages.FindByClientIdAsync(id) is { } stored)
            {
                result[i] = stored;
            }
            else
            {
                MessageRules.EnsureWithinLimits(messages[i], _messages.Count + pending.Count, _options, subjects[i]);
                pending.Add((i, await ResolveDocumentPartsAsync(messages[i])));
            }
        }

        if (pending.Count == 0)
        {
            return result;
        }

        await RecoverUpdatedAtAsync();
        var now = ChatClock.Now(_time);
        var added = new ChatMessage[pending.Count];
        var events = new ChatEvent[pending.Count];
        var records = new ChatEventRecord[pending.Count];
        for (var k = 0; k < pending.Count; k++)
        {
            added[k] = _messages.WithTokens(MessageRules.Create(pending[k].Message, _messages.Count + 1 + k, now));
            result[pending[k].Index] = added[k];
            events[k] = new MessageAdded(_userId, _sessionId, now, added[k]);
            records[k] = ChatEventRecord.Of(events[k], added[k].Seq);
        }

        var eventSeq = await _events.AppendAsync(records, () => _messages.AppendAsync(added));
        if (now > _updatedAt)
        {
            _updatedAt = now;
            _updatedAtDirty = true;
        }

        await NotifyUserAsync("activity in " + Subject, user => user.OnSessionActivityAsync(_sessionId, _updatedAt));
        if (eventSeq is { } first)
        {
            await _events.PublishAsync(events, first);
        }

        CountTowardsSummary(added);
        return result;
    }

    private string BatchSubject(int index) => string.Create(CultureInfo.InvariantCulture, $"{Subject}, batch message {index}");
}

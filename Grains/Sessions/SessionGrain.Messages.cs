using ChatDb.Grains.Events;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Sessions;

public sealed partial class SessionGrain
{
    public async Task<ChatMessage> AddMessageAsync(NewMessage message)
    {
        RequireSession();
        MessageRules.Validate(message, Subject);
        if (message.Id is { } id && await _messages.FindByClientIdAsync(id) is { } stored)
        {
            return _edits.Apply(stored, includeHistory: false);
        }

        MessageRules.EnsureWithinLimits(message, _messages.Count, _options, Subject);
        var resolved = await ResolveDocumentPartsAsync(message);
        await RecoverUpdatedAtAsync();
        var now = ChatClock.Now(_time);
        var added = _messages.WithTokens(MessageRules.Create(resolved, _messages.Count + 1, now));
        var eventSeq = await _events.AppendAsync([ChatEventRecord.Of(new MessageAdded(_userId, _sessionId, now, added), added.Seq)],
            () => _messages.AppendAsync(added));

        if (now > _updatedAt)
        {
            _updatedAt = now;
            _updatedAtDirty = true;
        }

        await NotifyUserAsync("activity in " + Subject, user => user.OnSessionActivityAsync(_sessionId, _updatedAt));
        if (eventSeq is { } first)
        {
            await _events.PublishAsync([new MessageAdded(_userId, _sessionId, now, added)], first);
        }

        CountTowardsSummary([added]);

        return added;
    }

    public async Task<IReadOnlyList<ChatMessage>> GetMessagesAsync(MessageQuery query)
    {
        RequireSession();
        query ??= MessageQuery.Default;
        var stored = await _messages.QueryAsync(
            query, _options.MessagePaginationDefaultLimit, "messages of " + Subject, _edits.HasRemovals ? _edits.IsRemoved : null);
        return _edits.Count == 0 ? stored : [.. stored.Select(message => _edits.Apply(message, query.IncludeHistory))];
    }

    public Task<long> CountMessagesAsync()
    {
        RequireSession();
        return Task.FromResult(_messages.Count);
    }
}

using ChatDb.Grains.Events;
using Orleans;
using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Search;

/// <summary>
/// Wraps the registered <see cref="IChatEventPublisher"/>: passes every event on, and tells the
/// user's <see cref="ISearchGrain"/> about stored messages, edits, deletions, redactions, forks, context changes, deleted and restored sessions.
/// A failed notification is logged and not thrown (the message is stored; the index catches up from
/// the log when it next sees a gap or activates).
/// </summary>
public sealed class SearchIndexingEventPublisher(IChatEventPublisher inner, IGrainFactory grains, ILogger<SearchIndexingEventPublisher> logger)
    : IChatEventPublisher
{
    public async Task PublishAsync(string streamNamespace, string streamKey, ChatEvent chatEvent)
    {
        await inner.PublishAsync(streamNamespace, streamKey, chatEvent).ConfigureAwait(false);
        if (chatEvent is not SessionEvent session)
        {
            return;
        }

        var search = grains.GetGrain<ISearchGrain>(session.UserId);
        try
        {
            var notified = chatEvent switch
            {
                MessageAdded added => search.OnMessageAddedAsync(added.SessionId, added.Message),
                ContextUpdated context => search.OnContextUpdatedAsync(context.SessionId, context.Context),
                SessionDeleted deleted => search.OnSessionDeletedAsync(deleted.SessionId),
                MessageEdited edited => search.OnMessagesChangedAsync(edited.SessionId, erase: false),
                MessageDeleted removed => search.OnMessagesChangedAsync(removed.SessionId, erase: removed.Redacted),
                SessionForked forked => search.OnMessagesChangedAsync(forked.SessionId, erase: false),
                SessionRestored restored => search.OnSessionRestoredAsync(restored.SessionId),
                _ => Task.CompletedTask,
            };
            await notified.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            SearchLog.NotifyFailed(logger, e, session.UserId, chatEvent.Kind, session.SessionId);
        }
    }
}

using ChatDb.Grains.Models;
using ChatDb.Grains.Search;
using Orleans;
using Orleans.Concurrency;

namespace ChatDb.Grains;

/// <summary>
/// The search index of one user's messages (key: the user id), docs/SEARCH.md. The index is a cache
/// of the session logs: it is fed as messages are added, checked against the logs when the grain
/// activates (and whenever it sees a gap), and can be rebuilt from them at any time.
/// </summary>
public interface ISearchGrain : IGrainWithStringKey
{
    /// <summary>
    /// The best matches, best first. ValidationError for a limit outside 1..1000 or vector mode without vectors.
    /// Read-only: searches of one user run side by side (never beside a rebuild or a delete).
    /// </summary>
    [ReadOnly]
    Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query);

    /// <summary>Drops the index and builds it again from the session logs and contexts.</summary>
    Task<SearchIndexStatus> RebuildAsync();

    [ReadOnly]
    Task<SearchIndexStatus> GetStatusAsync();

    /// <summary>Drops the index and its files (a user deleted); a later search rebuilds from whatever logs remain.</summary>
    Task DeleteAsync();

    /// <summary>From the session grain (through the event publisher): a message was stored.</summary>
    [AlwaysInterleave]
    Task OnMessageAddedAsync(string sessionId, ChatMessage message);

    /// <summary>From the session grain: its situational context changed (entities for the entity filter).</summary>
    [AlwaysInterleave]
    Task OnContextUpdatedAsync(string sessionId, SituationalContext context);

    /// <summary>From the session grain: it was deleted; its entries are removed.</summary>
    [AlwaysInterleave]
    Task OnSessionDeletedAsync(string sessionId);

    /// <summary>
    /// From the session grain: its messages changed other than by an append (an edit, a deletion, a redaction,
    /// a fork filled). Its entries are dropped and read again from the log before the next search; with
    /// <paramref name="erase"/> (a redaction) the index files are rewritten at once without them, so the text
    /// leaves the disk with the call.
    /// </summary>
    [AlwaysInterleave]
    Task OnMessagesChangedAsync(string sessionId, bool erase);

    /// <summary>From the session grain: it came back from the trash; its log is indexed again before the next search.</summary>
    [AlwaysInterleave]
    Task OnSessionRestoredAsync(string sessionId);
}

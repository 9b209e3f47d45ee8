using ChatDb.Grains;
using ChatDb.Grains.Search;

namespace ChatDb.Client;

public sealed partial class ChatDbClient
{
    // === Search ===

    /// <summary>
    /// Searches the user's messages across sessions (or one session), best first: the StorageManager's
    /// <c>search_messages</c>. Hybrid ranking where vectors exist, full-text otherwise.
    /// </summary>
    public Task<IReadOnlyList<SearchHit>> SearchMessagesAsync(
        string userId, string query, string? sessionId = null, CancellationToken cancellationToken = default) =>
        SearchMessagesAsync(userId, new SearchQuery { Q = query, SessionId = sessionId }, cancellationToken);

    /// <summary>Searches with every option: mode, role, time range, entity, limit.</summary>
    public Task<IReadOnlyList<SearchHit>> SearchMessagesAsync(string userId, SearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _client.GetGrain<ISearchGrain>(ClientIds.Require(userId, "user id")).SearchAsync(query).WaitAsync(cancellationToken);
    }

    /// <summary>Full-text search over one panel's messages, best first.</summary>
    public Task<IReadOnlyList<SearchHit>> SearchPanelAsync(string panelId, string query, int? limit = null, CancellationToken cancellationToken = default) =>
        Panel(panelId).SearchAsync(query, limit).WaitAsync(cancellationToken);
}

using System.Text.Json;
using ChatDb.Grains.Models;
using Orleans;
using Orleans.Concurrency;

namespace ChatDb.Grains;

/// <summary>
/// A multi-persona panel (key: panel id <c>panel_YYYYMMDD_HHMMSS_ffffff</c>). Create panels through
/// <see cref="IPanelDirectoryGrain.CreatePanelAsync"/>, which hands out unique ids.
/// </summary>
public interface IPanelGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the panel: at most PanelMaxPersonas distinct, valid persona ids. Snapshots of the
    /// personas that exist (global ones) are kept with the panel. ValidationError when the panel exists.
    /// </summary>
    Task<Panel> CreateAsync(string type, IReadOnlyList<string> personas, Dictionary<string, JsonElement>? config);

    /// <summary>
    /// <see cref="CreateAsync"/> with user agents taking part besides the personas (docs/MULTI_AGENT.md): personas and
    /// agents together are 1 to PanelMaxPersonas; each agent must exist (NotFoundError naming it) and be listed once.
    /// </summary>
    Task<Panel> CreateWithAgentsAsync(string type, IReadOnlyList<string>? personas, IReadOnlyList<PanelAgent>? agents, Dictionary<string, JsonElement>? config);

    /// <summary>The panel, or null when it was never created.</summary>
    [ReadOnly]
    Task<Panel?> GetAsync();

    /// <summary>
    /// Changes the panel's configuration and personas (<see cref="PanelPatch"/>); snapshots of added personas that
    /// exist (global ones) are kept with the panel, those of removed ones go. NotFoundError when the panel does not exist.
    /// </summary>
    Task<Panel> UpdateAsync(PanelPatch patch);

    /// <summary>Messages per role, turns, first and last activity and insight count, read from the log now.</summary>
    [ReadOnly]
    Task<PanelAnalytics> GetAnalyticsAsync();

    /// <summary>
    /// Appends a message. The role must be one of the panel's personas, one of its agents (<c>{userId}/{agentId}</c>)
    /// or one of <see cref="PanelRoles.Reserved"/> ("user", "system", "moderator"). Idempotent for a given id.
    /// </summary>
    Task<ChatMessage> AddMessageAsync(NewMessage message);

    [ReadOnly]
    Task<IReadOnlyList<ChatMessage>> GetMessagesAsync(MessageQuery query);

    /// <summary>Stores an analysis or conclusion as <c>insights/insight_YYYYMMDD_HHMMSS_ffffff.json</c>.</summary>
    Task<PanelInsight> SaveInsightAsync(Dictionary<string, JsonElement> data);

    /// <summary>The panel's insights, oldest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<PanelInsight>> ListInsightsAsync();

    /// <summary>Retention: deletes the insights created before <paramref name="createdBefore"/>; returns how many.</summary>
    Task<int> PruneInsightsAsync(DateTimeOffset createdBefore);

    /// <summary>
    /// Deletes the panel and deactivates: moved to the trash (restorable) when <c>Storage:BackupBeforeDelete</c> is
    /// true and the storage has a trash, else erased (<see cref="PurgeAsync"/>). NotFoundError when it does not exist.
    /// </summary>
    Task<PanelDeletionReport> DeleteAsync();

    /// <summary>Erases the panel with its messages, persona snapshots and insights at once; nothing goes to the trash.</summary>
    Task<PanelDeletionReport> PurgeAsync();

    /// <summary>Moves the panel to the trash whatever <c>Storage:BackupBeforeDelete</c> says; ConfigurationError without a trash.</summary>
    Task<PanelDeletionReport> TrashAsync();

    /// <summary>Brings the panel's newest trash entry back; InconsistentStateException when the panel is live, NotFoundError when not in the trash.</summary>
    Task<Panel> RestoreFromTrashAsync();

    /// <summary>The persona snapshots taken when the panel was created, ordered by persona id.</summary>
    [ReadOnly]
    Task<IReadOnlyList<Persona>> GetPersonaSnapshotsAsync();

    /// <summary>
    /// Full-text search (BM25, docs/SEARCH.md query syntax) over the panel's messages, best first; each
    /// hit's <c>SessionId</c> is the panel id. The index is built from the message log on first use and
    /// kept up to date as messages are added, so it never disagrees with the log.
    /// </summary>
    Task<IReadOnlyList<ChatDb.Grains.Search.SearchHit>> SearchAsync(string query, int? limit);

    /// <summary>
    /// Up to <paramref name="limit"/> events of the panel's event log after event seq <paramref name="after"/>
    /// (0: from the start), oldest first. ValidationError for an <paramref name="after"/> below 0 or beyond the last
    /// event seq; NotFoundError when the panel does not exist.
    /// </summary>
    Task<ChatDb.Grains.Events.ChatEventPage> ReadEventsAsync(long after, int limit);

    /// <summary>The panel's multi-agent runs (<see cref="IPanelRunGrain"/>), newest first, at most <paramref name="limit"/>.</summary>
    [ReadOnly]
    Task<IReadOnlyList<PanelRun>> ListRunsAsync(int limit);

    /// <summary>From a run grain as its run starts: remembers the run id.</summary>
    [AlwaysInterleave]
    Task OnRunCreatedAsync(string runId);
}

/// <summary>Roles a panel accepts besides its personas.</summary>
public static class PanelRoles
{
    public const string User = "user";
    public const string System = "system";
    public const string Moderator = "moderator";

    public static IReadOnlyList<string> Reserved { get; } = [User, System, Moderator];
}

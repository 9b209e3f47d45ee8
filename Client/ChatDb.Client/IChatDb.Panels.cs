using System.Text.Json;
using ChatDb.Grains.Models;

namespace ChatDb.Client;

public partial interface IChatDb
{
    // === Panels (docs/API.md, Panels) ===

    /// <summary>The live panels, newest first; <paramref name="type"/> keeps only panels of that type.</summary>
    Task<IReadOnlyList<Panel>> ListPanelsAsync(int? limit = null, int offset = 0, string? type = null, CancellationToken cancellationToken = default);

    /// <summary>Merges configuration and adds or removes personas (<see cref="PanelPatch"/>); NotFoundError for an unknown panel.</summary>
    Task<Panel> UpdatePanelAsync(string panelId, PanelPatch patch, CancellationToken cancellationToken = default);

    /// <summary>Deletes the panel: into the trash when <c>Storage:BackupBeforeDelete</c> is true, erased at once with <paramref name="purge"/>.</summary>
    Task<PanelDeletionReport> DeletePanelAsync(string panelId, bool purge = false, CancellationToken cancellationToken = default);

    /// <summary>Messages per role, turns, first and last activity, insight count.</summary>
    Task<PanelAnalytics> GetPanelAnalyticsAsync(string panelId, CancellationToken cancellationToken = default);

    Task<PanelInsight> SavePanelInsightAsync(string panelId, Dictionary<string, JsonElement> insight, CancellationToken cancellationToken = default);

    /// <summary>The panel's insights, oldest first.</summary>
    Task<IReadOnlyList<PanelInsight>> ListPanelInsightsAsync(string panelId, CancellationToken cancellationToken = default);
}

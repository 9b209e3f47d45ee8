using System.Text.Json;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>An analysis or conclusion of a panel, stored as <c>panel_sessions/{panel_id}/insights/{id}.json</c>.</summary>
/// <param name="Id">Insight id, <c>insight_YYYYMMDD_HHMMSS_ffffff</c> (UTC).</param>
/// <param name="PanelId">The panel it belongs to.</param>
/// <param name="CreatedAt">Creation time, UTC.</param>
/// <param name="Data">The insight itself.</param>
[Immutable]
public sealed record PanelInsight(
    string Id,
    string PanelId,
    DateTimeOffset CreatedAt,
    Dictionary<string, JsonElement> Data);

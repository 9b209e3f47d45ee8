using System.Text.Json;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>A multi-persona panel (docs/STORAGE.md §3), stored as <c>panel.json</c>.</summary>
/// <param name="Id">Panel id, <c>panel_YYYYMMDD_HHMMSS_ffffff</c> (UTC).</param>
/// <param name="Type">"multi_persona", "focus_group", ...; open-ended.</param>
/// <param name="Personas">Ids of the personas taking part.</param>
/// <param name="CreatedAt">Creation time, UTC.</param>
/// <param name="Config">Panel configuration.</param>
[Immutable]
public sealed record Panel(
    string Id,
    string Type,
    IReadOnlyList<string> Personas,
    DateTimeOffset CreatedAt,
    Dictionary<string, JsonElement> Config);

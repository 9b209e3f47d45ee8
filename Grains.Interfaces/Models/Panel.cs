using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>A multi-persona panel (docs/STORAGE.md §3), stored as <c>panel.json</c>.</summary>
/// <param name="Id">Panel id, <c>panel_YYYYMMDD_HHMMSS_ffffff</c> (UTC).</param>
/// <param name="Type">"multi_persona", "focus_group", ...; open-ended.</param>
/// <param name="Personas">Ids of the personas taking part.</param>
/// <param name="CreatedAt">Creation time, UTC.</param>
/// <param name="Config">Panel configuration.</param>
/// <remarks>
/// <see cref="Agents"/>: the user agents taking part (docs/MULTI_AGENT.md); left out of <c>panel.json</c> when there are none.
/// Personas and agents together count against <c>PanelMaxPersonas</c>.
/// </remarks>
[Immutable]
public sealed record Panel(
    string Id,
    string Type,
    IReadOnlyList<string> Personas,
    DateTimeOffset CreatedAt,
    Dictionary<string, JsonElement> Config)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<PanelAgent>? Agents { get; init; }

    /// <summary>The roles the panel's agents speak with (<see cref="PanelAgent.Role"/>), in panel order.</summary>
    public IEnumerable<string> AgentRoles() => (Agents ?? []).Select(a => a.Role);
}

using System.Text.Json;
using ChatDb.Grains.Models;
using Orleans;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains;

/// <summary>
/// Hands out panel ids (key <see cref="ChatGrainKeys.Global"/>): one activation, so two panels created
/// in the same microsecond still get different ids, and an id whose panel exists is never handed out again.
/// </summary>
public interface IPanelDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Creates a panel with a new id <c>panel_YYYYMMDD_HHMMSS_ffffff</c> (UTC); see <see cref="IPanelGrain.CreateAsync"/>.</summary>
    Task<Panel> CreatePanelAsync(string type, IReadOnlyList<string> personas, Dictionary<string, JsonElement>? config);

    /// <summary>A new panel with personas and agents taking part (<see cref="IPanelGrain.CreateWithAgentsAsync"/>).</summary>
    Task<Panel> CreatePanelWithAgentsAsync(string type, IReadOnlyList<string>? personas, IReadOnlyList<PanelAgent>? agents, Dictionary<string, JsonElement>? config);

    /// <summary>
    /// The live panels, newest first (ids are creation times), <paramref name="type"/> keeping only panels of that
    /// type; <paramref name="limit"/> defaults to <c>Storage:SessionListDefaultLimit</c>. Read from the storage
    /// (ConfigurationError for one that cannot list panels, such as the memory providers).
    /// </summary>
    Task<IReadOnlyList<Panel>> ListPanelsAsync(int? limit, int offset, string? type);

    /// <summary>The panels in the trash, newest first; empty when the storage has no trash.</summary>
    Task<IReadOnlyList<TrashItem>> ListTrashAsync();

    /// <summary>Brings panel <paramref name="panelId"/> back from the trash (<see cref="IPanelGrain.RestoreFromTrashAsync"/>).</summary>
    Task<Panel> RestorePanelAsync(string panelId);
}

using System.Text.Json;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage.Keys;

namespace ChatDb.Client;

public sealed partial class ChatDbClient
{
    // === Panels ===

    public Task<Panel> CreatePanelAsync(
        string panelType, IReadOnlyList<string> personas, Dictionary<string, JsonElement>? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(personas);
        return _client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).CreatePanelAsync(panelType, personas, config).WaitAsync(cancellationToken);
    }

    /// <summary>The panel, or null when it does not exist.</summary>
    public Task<Panel?> GetPanelAsync(string panelId, CancellationToken cancellationToken = default) =>
        Panel(panelId).GetAsync().WaitAsync(cancellationToken);

    /// <summary>Appends a message whose role is one of the panel's personas, or user, system or moderator.</summary>
    public Task<ChatMessage> AddPanelMessageAsync(string panelId, NewMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Panel(panelId).AddMessageAsync(message).WaitAsync(cancellationToken);
    }

    /// <summary>The panel conversation, oldest first.</summary>
    public Task<IReadOnlyList<ChatMessage>> GetPanelMessagesAsync(
        string panelId, int? limit = null, int offset = 0, CancellationToken cancellationToken = default) =>
        Panel(panelId).GetMessagesAsync(new MessageQuery { Limit = limit, Offset = offset }).WaitAsync(cancellationToken);

    public Task<PanelInsight> SavePanelInsightAsync(string panelId, Dictionary<string, JsonElement> insight, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(insight);
        return Panel(panelId).SaveInsightAsync(insight).WaitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<PanelInsight>> ListPanelInsightsAsync(string panelId, CancellationToken cancellationToken = default) =>
        Panel(panelId).ListInsightsAsync().WaitAsync(cancellationToken);

    public Task<IReadOnlyList<Panel>> ListPanelsAsync(int? limit = null, int offset = 0, string? type = null, CancellationToken cancellationToken = default) =>
        _client.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).ListPanelsAsync(limit, offset, type).WaitAsync(cancellationToken);

    public Task<Panel> UpdatePanelAsync(string panelId, PanelPatch patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return Panel(panelId).UpdateAsync(patch).WaitAsync(cancellationToken);
    }

    public Task<PanelDeletionReport> DeletePanelAsync(string panelId, bool purge = false, CancellationToken cancellationToken = default) =>
        (purge ? Panel(panelId).PurgeAsync() : Panel(panelId).DeleteAsync()).WaitAsync(cancellationToken);

    public Task<PanelAnalytics> GetPanelAnalyticsAsync(string panelId, CancellationToken cancellationToken = default) =>
        Panel(panelId).GetAnalyticsAsync().WaitAsync(cancellationToken);

    // === Personas ===

    /// <summary>Saves a new version of a global persona, or of the user's own when <paramref name="userId"/> is given.</summary>
    public Task<Persona> SavePersonaAsync(
        string personaId, Dictionary<string, JsonElement> data, string? userId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Persona(personaId, userId).SaveAsync(data).WaitAsync(cancellationToken);
    }

    /// <summary>The latest version, or null when the persona was never saved.</summary>
    public Task<Persona?> GetPersonaAsync(string personaId, string? userId = null, CancellationToken cancellationToken = default) =>
        Persona(personaId, userId).GetAsync().WaitAsync(cancellationToken);

    /// <summary>Global personas; with <paramref name="userId"/> the user's own first, then the global ones; each ordered by id and marked with its scope.</summary>
    public Task<IReadOnlyList<Persona>> ListPersonasAsync(string? userId = null, CancellationToken cancellationToken = default) =>
        FindPersonasAsync(userId, null, cancellationToken);

    public Task<IReadOnlyList<Persona>> FindPersonasAsync(string? userId, string? text, CancellationToken cancellationToken = default) =>
        _client.GetGrain<IPersonaCatalogGrain>(ChatGrainKeys.PersonaCatalog(userId is null ? null : ClientIds.Require(userId, "user id")))
            .FindAsync(text).WaitAsync(cancellationToken);

    public Task<Persona> SharePersonaAsync(string userId, string personaId, string toUserId, string? asPersonaId = null, CancellationToken cancellationToken = default) =>
        Persona(personaId, ClientIds.Require(userId, "user id"))
            .CopyToAsync(ClientIds.Require(toUserId, "target user id"), asPersonaId ?? personaId).WaitAsync(cancellationToken);

    public Task<Persona> PublishPersonaAsync(string userId, string personaId, string? asPersonaId = null, CancellationToken cancellationToken = default) =>
        Persona(personaId, ClientIds.Require(userId, "user id")).CopyToAsync(null, asPersonaId ?? personaId).WaitAsync(cancellationToken);

    private IPanelGrain Panel(string panelId) => _client.GetGrain<IPanelGrain>(ClientIds.Require(panelId, "panel id"));

    private IPersonaGrain Persona(string personaId, string? userId)
    {
        var persona = ClientIds.Require(personaId, "persona id");
        return _client.GetGrain<IPersonaGrain>(userId is null
            ? ChatGrainKeys.GlobalPersona(persona)
            : ChatGrainKeys.UserPersona(ClientIds.Require(userId, "user id"), persona));
    }
}

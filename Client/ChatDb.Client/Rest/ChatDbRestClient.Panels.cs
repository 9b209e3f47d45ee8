using System.Text.Json;
using ChatDb.Grains.Models;
using ChatDb.Grains.Search;
using ChatDb.Grains.Serialization;

namespace ChatDb.Client;

public sealed partial class ChatDbRestClient
{
    // === Panels ===

    public Task<Panel> CreatePanelAsync(
        string panelType, IReadOnlyList<string> personas, Dictionary<string, JsonElement>? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(personas);
        return SendAsync(HttpMethod.Post, "panels", Json(new CreatePanelBody(panelType, personas, config), RestJsonContext.Default.CreatePanelBody),
            ChatDbJsonContext.Default.Panel, cancellationToken);
    }

    public Task<Panel?> GetPanelAsync(string panelId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync(Panel(panelId), ChatDbJsonContext.Default.Panel, cancellationToken);

    public Task<ChatMessage> AddPanelMessageAsync(string panelId, NewMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendAsync(HttpMethod.Post, Panel(panelId) + "/messages", Json(message, ChatDbJsonContext.Default.NewMessage),
            ChatDbJsonContext.Default.ChatMessage, cancellationToken);
    }

    public Task<IReadOnlyList<ChatMessage>> GetPanelMessagesAsync(
        string panelId, int? limit = null, int offset = 0, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, Messages(new QueryString(Panel(panelId) + "/messages"), new MessageQuery { Limit = limit, Offset = offset }),
            content: null, ChatDbJsonContext.Default.IReadOnlyListChatMessage, cancellationToken);

    public Task<IReadOnlyList<Panel>> ListPanelsAsync(int? limit = null, int offset = 0, string? type = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, new QueryString("panels").Add("limit", limit).Add("offset", offset == 0 ? null : offset).Add("type", type).ToString(),
            content: null, ChatDbJsonContext.Default.IReadOnlyListPanel, cancellationToken);

    public Task<Panel> UpdatePanelAsync(string panelId, PanelPatch patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return SendAsync(HttpMethod.Patch, Panel(panelId), Json(patch, ChatDbJsonContext.Default.PanelPatch), ChatDbJsonContext.Default.Panel, cancellationToken);
    }

    public Task<PanelDeletionReport> DeletePanelAsync(string panelId, bool purge = false, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, Panel(panelId) + (purge ? "?purge=true" : string.Empty), content: null,
            ChatDbJsonContext.Default.PanelDeletionReport, cancellationToken);

    public Task<PanelAnalytics> GetPanelAnalyticsAsync(string panelId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, Panel(panelId) + "/analytics", content: null, ChatDbJsonContext.Default.PanelAnalytics, cancellationToken);

    public Task<PanelInsight> SavePanelInsightAsync(string panelId, Dictionary<string, JsonElement> insight, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(insight);
        return SendAsync(HttpMethod.Post, Panel(panelId) + "/insights", Json(insight, ChatDbJsonContext.Default.DictionaryStringJsonElement),
            ChatDbJsonContext.Default.PanelInsight, cancellationToken);
    }

    public Task<IReadOnlyList<PanelInsight>> ListPanelInsightsAsync(string panelId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, Panel(panelId) + "/insights", content: null, ChatDbJsonContext.Default.IReadOnlyListPanelInsight, cancellationToken);

    // === Personas ===

    public Task<Persona> SavePersonaAsync(
        string personaId, Dictionary<string, JsonElement> data, string? userId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return SendAsync(HttpMethod.Put, Persona(personaId, userId), Json(data, ChatDbJsonContext.Default.DictionaryStringJsonElement),
            ChatDbJsonContext.Default.Persona, cancellationToken);
    }

    public Task<Persona?> GetPersonaAsync(string personaId, string? userId = null, CancellationToken cancellationToken = default) =>
        GetOrNullAsync(Persona(personaId, userId), ChatDbJsonContext.Default.Persona, cancellationToken);

    public Task<IReadOnlyList<Persona>> ListPersonasAsync(string? userId = null, CancellationToken cancellationToken = default) =>
        FindPersonasAsync(userId, null, cancellationToken);

    public Task<IReadOnlyList<Persona>> FindPersonasAsync(string? userId, string? text, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, new QueryString("personas").Add("userId", userId is null ? null : ClientIds.Require(userId, "user id")).Add("q", text).ToString(),
            content: null, ChatDbJsonContext.Default.IReadOnlyListPersona, cancellationToken);

    public Task<Persona> SharePersonaAsync(string userId, string personaId, string toUserId, string? asPersonaId = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, Persona(personaId, userId) + "/share",
            Json(new SharePersonaBody(ClientIds.Require(toUserId, "target user id"), asPersonaId), RestJsonContext.Default.SharePersonaBody),
            ChatDbJsonContext.Default.Persona, cancellationToken);

    public Task<Persona> PublishPersonaAsync(string userId, string personaId, string? asPersonaId = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, Persona(personaId, ClientIds.Require(userId, "user id")) + "/publish",
            Json(new PublishPersonaBody(asPersonaId), RestJsonContext.Default.PublishPersonaBody), ChatDbJsonContext.Default.Persona, cancellationToken);

    // === Search ===

    public Task<IReadOnlyList<SearchHit>> SearchMessagesAsync(string userId, SearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var url = new QueryString(User(userId) + "/search")
            .Add("q", query.Q).Add("mode", Mode(query.Mode)).Add("sessionId", query.SessionId).Add("role", query.Role)
            .Add("from", query.From).Add("to", query.To).Add("entity", query.Entity).Add("limit", query.Limit)
            .AddMetadata(query.Metadata);
        return SendAsync(HttpMethod.Get, url.ToString(), content: null, ChatDbJsonContext.Default.IReadOnlyListSearchHit, cancellationToken);
    }

    public Task<IReadOnlyList<SearchHit>> SearchPanelAsync(string panelId, string query, int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, new QueryString(Panel(panelId) + "/search").Add("q", query).Add("limit", limit).ToString(), content: null,
            ChatDbJsonContext.Default.IReadOnlyListSearchHit, cancellationToken);

    private static string Panel(string panelId) => "panels/" + ClientIds.Segment(panelId, "panel id");

    private static string Persona(string personaId, string? userId) =>
        userId is null
            ? "personas/" + ClientIds.Segment(personaId, "persona id")
            : $"{User(userId)}/personas/{ClientIds.Segment(personaId, "persona id")}";

    private static string? Mode(SearchMode? mode) => mode switch
    {
        null => null,
        SearchMode.FullText => "fulltext",
        SearchMode.Vector => "vector",
        SearchMode.Hybrid => "hybrid",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "no REST name for this search mode."),
    };
}

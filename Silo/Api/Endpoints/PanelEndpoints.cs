using ChatDb.Storage;
using System.Text.Json;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using Orleans;
using ChatDb.Silo.Api.Contracts;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Storage.Keys;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary><c>/panels</c>: multi-persona panels, their conversation and their insights.</summary>
internal static class PanelEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var panels = api.MapGroup("/panels").WithTags("Panels");
        panels.MapPost("/", CreateAsync).Accepts<CreatePanelRequest>(ApiContentTypes.Json)
            .Produces<Panel>(StatusCodes.Status201Created).WithName("CreatePanel")
            .WithDescription("personas (persona ids), agents ({userId, agentId} of existing agents, which speak with the role {userId}/{agentId}) "
                + "or both; together at most Storage:PanelMaxPersonas. An agent that does not exist is 404 naming it.");
        panels.MapGet("/", ListAsync).Produces<IReadOnlyList<Panel>>().WithName("ListPanels")
            .WithDescription("Newest first (panel ids are creation times). Query: limit, offset, type (only panels of that type).")
            .WithQuery(ApiQuery.Limit, ApiQuery.Offset, ApiQuery.PanelType);
        panels.MapGet("/{panelId}", GetAsync).Produces<Panel>().WithName("GetPanel");
        panels.MapPatch("/{panelId}", PatchAsync).Accepts<PanelPatch>(ApiContentTypes.Json).Produces<Panel>().WithName("PatchPanel")
            .WithDescription("config is merged key by key (a key set to null is removed); addPersonas adds personas not yet in the panel, "
                + "removePersonas takes personas out (their past messages stay); addAgents and removeAgents ({userId, agentId} each) do the same "
                + "for the user agents of the panel's runs (an added agent must exist: 404 naming it; runs started afterwards see the change). "
                + "A panel keeps at least one persona or agent; personas and agents together are at most Storage:PanelMaxPersonas (413). "
                + "404 for a panel that does not exist.");
        panels.MapGet("/{panelId}/analytics", AnalyticsAsync).Produces<PanelAnalytics>().WithName("GetPanelAnalytics")
            .WithDescription("Messages per role (every persona of the panel, and every other role that spoke), turns (runs of messages by one role), "
                + "first and last message time, and the number of insights; computed from the log when asked.");
        panels.MapDelete("/{panelId}", DeleteAsync).Produces<PanelDeletionReport>().WithName("DeletePanel")
            .WithDescription("Moves the panel to the trash (GET /trash/panels; restorable) when Storage:BackupBeforeDelete is true, "
                + "else erases it; ?purge=true erases it at once in either case (trashedAt null in the report). 404 for a panel that does not exist.")
            .WithFlag("purge", "Erase the panel at once instead of moving it to the trash.");
        panels.MapPost("/{panelId}/messages", AddMessageAsync).Accepts<NewMessage>(ApiContentTypes.Json)
            .Produces<ChatMessage>(StatusCodes.Status201Created).WithName("AddPanelMessage")
            .WithDescription("The role is one of the panel's personas, or user, system or moderator.");
        panels.MapGet("/{panelId}/messages", ListMessagesAsync).Produces<IReadOnlyList<ChatMessage>>().WithName("ListPanelMessages")
            .WithDescription("Oldest first; the same query parameters as session messages.")
            .WithQuery(ApiQuery.MessagePage);
        panels.MapPost("/{panelId}/insights", SaveInsightAsync).Accepts<Dictionary<string, JsonElement>>(ApiContentTypes.Json)
            .Produces<PanelInsight>(StatusCodes.Status201Created).WithName("SavePanelInsight")
            .WithRequestExample("""{"topic": "pricing", "summary": "Two of three personas find the price too high."}""");
        panels.MapGet("/{panelId}/insights", ListInsightsAsync).Produces<IReadOnlyList<PanelInsight>>().WithName("ListPanelInsights");
    }

    private static IPanelGrain Panel(IGrainFactory grains, ApiRules rules, string panelId, out string id)
    {
        id = rules.PanelId(panelId);
        return grains.GetGrain<IPanelGrain>(id);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var request = await RequestBody.ReadJsonAsync(context, ApiJsonContext.Default.CreatePanelRequest, rules.JsonBody, "new panel");
        var type = request.Type ?? throw new ValidationError("new panel: 'type' is required (e.g. \"multi_persona\").");
        if (request.Personas is null && request.Agents is null)
        {
            throw new ValidationError("new panel: 'personas' (a list of persona ids) or 'agents' (a list of {userId, agentId}) is required.");
        }

        var personas = request.Personas ?? [];
        foreach (var persona in personas)
        {
            rules.PersonaId(persona);
        }

        var panel = await grains.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).CreatePanelWithAgentsAsync(type, personas, request.Agents, request.Config);
        return ApiResults.Created(context, $"/panels/{panel.Id}", panel, ChatDbJsonContext.Default.Panel);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var request = context.Request;
        var limit = rules.PageSize(request);
        var offset = QueryArgs.Int(request, "offset") ?? 0;
        var type = QueryArgs.Text(request, "type");
        var panels = await grains.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).ListPanelsAsync(limit, offset, type);
        return ApiResults.Ok(panels, ChatDbJsonContext.Default.IReadOnlyListPanel);
    }

    private static async Task<IResult> PatchAsync(string panelId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Panel(grains, rules, panelId, out var id);
        var patch = await RequestBody.ReadJsonAsync(context, ChatDbJsonContext.Default.PanelPatch, rules.JsonBody, $"patch of panel {id}");
        foreach (var persona in (patch.AddPersonas ?? []).Concat(patch.RemovePersonas ?? []))
        {
            rules.PersonaId(persona);
        }

        // The agents' ids are checked by the panel grain, as at creation, which names the field (addAgents, removeAgents).

        var panel = await grain.UpdateAsync(patch);
        return ApiResults.Ok(panel, ChatDbJsonContext.Default.Panel);
    }

    private static async Task<IResult> AnalyticsAsync(string panelId, IGrainFactory grains, ApiRules rules)
    {
        var analytics = await Panel(grains, rules, panelId, out _).GetAnalyticsAsync();
        return ApiResults.Ok(analytics, ChatDbJsonContext.Default.PanelAnalytics);
    }

    private static async Task<IResult> GetAsync(string panelId, IGrainFactory grains, ApiRules rules)
    {
        var grain = Panel(grains, rules, panelId, out var id);
        return await grain.GetAsync() is { } panel
            ? ApiResults.Ok(panel, ChatDbJsonContext.Default.Panel)
            : ApiResults.NotFound($"panel {id} does not exist.");
    }

    private static async Task<IResult> DeleteAsync(string panelId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Panel(grains, rules, panelId, out _);
        var report = QueryArgs.Flag(context.Request, "purge") ? await grain.PurgeAsync() : await grain.DeleteAsync();
        return ApiResults.Ok(report, ChatDbJsonContext.Default.PanelDeletionReport);
    }

    private static async Task<IResult> AddMessageAsync(string panelId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Panel(grains, rules, panelId, out var id);
        var message = await RequestBody.ReadJsonAsync(context, ChatDbJsonContext.Default.NewMessage, rules.JsonBody, $"new message of panel {id}");
        var added = await grain.AddMessageAsync(message);
        var location = $"/panels/{id}/messages?after={added.Seq - 1}&limit=1";
        return ApiResults.Created(context, location, added, ChatDbJsonContext.Default.ChatMessage);
    }

    private static async Task<IResult> ListMessagesAsync(string panelId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var messages = await Panel(grains, rules, panelId, out _).GetMessagesAsync(MessageEndpoints.Query(context.Request, rules));
        return ApiResults.Ok(messages, ChatDbJsonContext.Default.IReadOnlyListChatMessage);
    }

    private static async Task<IResult> SaveInsightAsync(string panelId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Panel(grains, rules, panelId, out var id);
        var data = await RequestBody.ReadJsonAsync(context, ChatDbJsonContext.Default.DictionaryStringJsonElement, rules.JsonBody, $"new insight of panel {id}");
        var insight = await grain.SaveInsightAsync(data);
        return ApiResults.Created(context, $"/panels/{id}/insights", insight, ChatDbJsonContext.Default.PanelInsight);
    }

    private static async Task<IResult> ListInsightsAsync(string panelId, IGrainFactory grains, ApiRules rules)
    {
        var insights = await Panel(grains, rules, panelId, out _).ListInsightsAsync();
        return ApiResults.Ok(insights, ChatDbJsonContext.Default.IReadOnlyListPanelInsight);
    }
}

using ChatDb.Grains;
using ChatDb.Grains.Events;
using Orleans;
using ChatDb.Silo.Api.Events;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Auth;
using ChatDb.Storage;
using Microsoft.Extensions.Options;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary>
/// Server-sent events of one session or panel: every event its grain publishes after the change is
/// durable, from the moment of subscribing (no replay of earlier events).
/// </summary>
internal static class EventEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/users/{userId}/sessions/{sessionId}/events", SessionEventsAsync).WithTags("Events").RequireUserScope()
            .Produces(StatusCodes.Status200OK, contentType: ApiContentTypes.EventStream).WithName("SessionEvents")
            .WithDescription("text/event-stream; one 'data:' line of JSON per event, with 'kind' naming the event.");
        api.MapGet("/panels/{panelId}/events", PanelEventsAsync).WithTags("Events")
            .Produces(StatusCodes.Status200OK, contentType: ApiContentTypes.EventStream).WithName("PanelEvents");
    }

    private static async Task SessionEventsAsync(
        string userId, string sessionId, HttpContext context, IGrainFactory grains, ApiRules rules, IOptions<ChatDbApiOptions> options)
    {
        // Subscribe first, then check the session exists: an event between the two is not lost.
        var grain = SessionEndpoints.Session(grains, rules, userId, sessionId, out _);
        await using var subscription = await ChatEventSubscription.SubscribeAsync(
            context.RequestServices, options.Value, ChatStreams.SessionEvents, ChatStreams.SessionKey(userId, sessionId));
        await grain.GetAsync();
        await ServerSentEventWriter.WriteAsync(context, subscription);
    }

    private static async Task PanelEventsAsync(string panelId, HttpContext context, IGrainFactory grains, ApiRules rules, IOptions<ChatDbApiOptions> options)
    {
        var id = rules.PanelId(panelId);
        await using var subscription = await ChatEventSubscription.SubscribeAsync(context.RequestServices, options.Value, ChatStreams.PanelEvents, id);
        if (await grains.GetGrain<IPanelGrain>(id).GetAsync() is null)
        {
            throw new NotFoundError($"panel {id} does not exist.");
        }

        await ServerSentEventWriter.WriteAsync(context, subscription);
    }
}

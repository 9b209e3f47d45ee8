using ChatDb.Grains;
using ChatDb.Grains.Events;
using ChatDb.Grains.Serialization;
using Orleans;
using ChatDb.Silo.Api.Events;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Silo.Auth;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary>
/// Events of one session or panel: server-sent events (every event its grain published after the change was
/// durable, each with its event seq as <c>id:</c>, replayed from the event log after <c>Last-Event-ID</c>), and
/// pages of the event log as JSON.
/// </summary>
internal static class EventEndpoints
{
    private const string StreamDescription =
        "text/event-stream: per event an 'id:' line (its event seq, gapless from 1) and one 'data:' line of JSON with 'kind' naming the event. "
        + "With Last-Event-ID, every stored event after that id first, then live events, none twice. A connection that falls "
        + "Api:EventSubscriberCapacity events behind gets a final 'overflow' event (the error body) and is closed.";

    private static readonly ApiQueryParameter After = new("after", "Only events with a greater event seq (exclusive cursor; 0: from the start).", JsonSchemaType.Integer, 0)
    {
        Format = "int64",
        Minimum = "0",
    };

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/users/{userId}/sessions/{sessionId}/events", SessionEventsAsync).WithTags("Events").RequireUserScope()
            .Produces(StatusCodes.Status200OK, contentType: ApiContentTypes.EventStream).WithName("SessionEvents")
            .WithDescription(StreamDescription).WithLastEventId();
        api.MapGet("/panels/{panelId}/events", PanelEventsAsync).WithTags("Events")
            .Produces(StatusCodes.Status200OK, contentType: ApiContentTypes.EventStream).WithName("PanelEvents")
            .WithDescription(StreamDescription).WithLastEventId();
        api.MapGet("/users/{userId}/sessions/{sessionId}/events/log", SessionEventLogAsync).WithTags("Events").RequireUserScope()
            .Produces<ChatEventPage>().WithName("SessionEventLog")
            .WithDescription("A page of the session's event log, oldest first; 'next' is the 'after' of the following page, "
                + "'lastEventSeq' the log's end. Message events show the message as it reads now (a redacted one without its text).")
            .WithQuery(After, ApiQuery.Limit);
        api.MapGet("/panels/{panelId}/events/log", PanelEventLogAsync).WithTags("Events")
            .Produces<ChatEventPage>().WithName("PanelEventLog")
            .WithDescription("A page of the panel's event log, oldest first; 'next' is the 'after' of the following page.")
            .WithQuery(After, ApiQuery.Limit);
    }

    private static async Task SessionEventsAsync(
        string userId, string sessionId, HttpContext context, IGrainFactory grains, ApiRules rules, IOptions<ChatDbApiOptions> options)
    {
        var grain = SessionEndpoints.Session(grains, rules, userId, sessionId, out _);
        await ChatEventFeed.ServeAsync(context, options.Value, ChatStreams.SessionEvents, ChatStreams.SessionKey(userId, sessionId), grain.ReadEventsAsync);
    }

    private static async Task PanelEventsAsync(string panelId, HttpContext context, IGrainFactory grains, ApiRules rules, IOptions<ChatDbApiOptions> options)
    {
        var id = rules.PanelId(panelId);
        await ChatEventFeed.ServeAsync(context, options.Value, ChatStreams.PanelEvents, id, grains.GetGrain<IPanelGrain>(id).ReadEventsAsync);
    }

    private static async Task<IResult> SessionEventLogAsync(string userId, string sessionId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = SessionEndpoints.Session(grains, rules, userId, sessionId, out _);
        var page = await grain.ReadEventsAsync(QueryArgs.Long(context.Request, "after") ?? 0, rules.PageSize(context.Request) ?? DefaultPage(rules));
        return ApiResults.Ok(page, ChatDbJsonContext.Default.ChatEventPage);
    }

    private static async Task<IResult> PanelEventLogAsync(string panelId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = grains.GetGrain<IPanelGrain>(rules.PanelId(panelId));
        var page = await grain.ReadEventsAsync(QueryArgs.Long(context.Request, "after") ?? 0, rules.PageSize(context.Request) ?? DefaultPage(rules));
        return ApiResults.Ok(page, ChatDbJsonContext.Default.ChatEventPage);
    }

    private static int DefaultPage(ApiRules rules) => Math.Min(100, rules.MaxPageSize);

    /// <summary>Declares the optional <c>Last-Event-ID</c> header of an event stream.</summary>
    internal static RouteHandlerBuilder WithLastEventId(this RouteHandlerBuilder builder) => builder
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = ChatEventFeed.LastEventIdHeader,
                In = ParameterLocation.Header,
                Required = false,
                Description = "The id of the last event the client received (0: from the start of the log): every stored event after it is "
                    + "sent before the live ones. Not a non-negative integer, or beyond the log's last event seq: 400.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-9]+$" },
                Example = "0",
            });
            return Task.CompletedTask;
        });
}

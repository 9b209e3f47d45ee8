using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Silo.Api.Errors;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Auth;
using ChatDb.Storage.Keys;
using Microsoft.OpenApi;
using Orleans;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary>
/// The trash (docs/API.md, Trash): <c>GET /users/{userId}/trash</c> and <c>POST /users/{userId}/trash/{sessionId}/restore</c>
/// for a user's deleted sessions; <c>GET /trash/panels</c> and <c>POST /trash/panels/{panelId}/restore</c> for deleted
/// panels (admin: panels are shared). Deleting into the trash is what <c>DELETE</c> of a session, panel or user does
/// (with <c>?purge=true</c> / <c>?trash=true</c> to choose).
/// </summary>
internal static class TrashEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var user = api.MapGroup("/users/{userId}/trash").WithTags("Trash").RequireUserScope();
        user.MapGet("/", ListUserAsync).Produces<IReadOnlyList<TrashItem>>().WithName("ListUserTrash")
            .WithDescription("The user's deleted sessions (kind \"session\") and a user deleted with ?trash=true (kind \"user\"), newest first.");
        user.MapPost("/{sessionId}/restore", RestoreSessionAsync).Produces<ChatSession>()
            .Produces<ApiError>(StatusCodes.Status409Conflict, ApiContentTypes.Json).WithName("RestoreSession")
            .WithDescription("Brings the session back from the trash, as it was deleted, and lists it again. 404 when the trash holds no such "
                + "session, 409 when a live session has that id, 413 when the user already has Storage:MaxSessionsPerUser sessions.");

        var panels = api.MapGroup("/trash/panels").WithTags("Trash");
        panels.MapGet("/", ListPanelsAsync).Produces<IReadOnlyList<TrashItem>>().WithName("ListPanelTrash")
            .WithDescription("Deleted panels (kind \"panel\"), newest first.");
        panels.MapPost("/{panelId}/restore", RestorePanelAsync).Produces<Panel>()
            .Produces<ApiError>(StatusCodes.Status409Conflict, ApiContentTypes.Json).WithName("RestorePanel")
            .WithDescription("Brings the panel back from the trash. 404 when the trash holds no such panel, 409 when a live panel has that id.");
    }

    /// <summary>Declares a boolean query parameter, which the handlers read themselves (<see cref="QueryArgs.Flag"/>).</summary>
    public static RouteHandlerBuilder WithFlag(this RouteHandlerBuilder route, string name, string description) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Required = false,
                Description = description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.Boolean, Default = System.Text.Json.Nodes.JsonValue.Create(false) },
                // The default, so that the example goes through beside the operation's other parameters (If-Match).
                Example = System.Text.Json.Nodes.JsonValue.Create(false),
            });
            return Task.CompletedTask;
        });

    private static async Task<IResult> ListUserAsync(string userId, IGrainFactory grains, ApiRules rules)
    {
        var items = await grains.GetGrain<IUserGrain>(rules.UserId(userId)).ListTrashAsync();
        return ApiResults.Ok(items, ChatDbJsonContext.Default.IReadOnlyListTrashItem);
    }

    private static async Task<IResult> RestoreSessionAsync(string userId, string sessionId, IGrainFactory grains, ApiRules rules)
    {
        var user = rules.UserId(userId);
        var session = await grains.GetGrain<IUserGrain>(user).RestoreSessionAsync(rules.SessionId(sessionId));
        return ApiResults.Ok(session, ChatDbJsonContext.Default.ChatSession);
    }

    private static async Task<IResult> ListPanelsAsync(IGrainFactory grains)
    {
        var items = await grains.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).ListTrashAsync();
        return ApiResults.Ok(items, ChatDbJsonContext.Default.IReadOnlyListTrashItem);
    }

    private static async Task<IResult> RestorePanelAsync(string panelId, IGrainFactory grains, ApiRules rules)
    {
        var panel = await grains.GetGrain<IPanelDirectoryGrain>(ChatGrainKeys.Global).RestorePanelAsync(rules.PanelId(panelId));
        return ApiResults.Ok(panel, ChatDbJsonContext.Default.Panel);
    }
}

using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using Orleans;
using ChatDb.Silo.Api.Contracts;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Auth;
using ChatDb.Storage.Keys;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary><c>/users/{userId}/sessions</c>: create, list, read, patch and delete sessions.</summary>
internal static class SessionEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var sessions = api.MapGroup("/users/{userId}/sessions").WithTags("Sessions").RequireUserScope();
        sessions.MapPost("/", CreateAsync).Accepts<CreateSessionRequest>(ApiContentTypes.Json)
            .Produces<ChatSession>(StatusCodes.Status201Created).WithName("CreateSession");
        sessions.MapGet("/", ListAsync).Produces<IReadOnlyList<ChatSession>>().WithName("ListSessions")
            .WithDescription("Most recently updated first. Query: limit, offset, q (title contains, case-insensitive).");
        sessions.MapGet("/{sessionId}", GetAsync).Produces<ChatSession>().WithName("GetSession").WithETagRead();
        sessions.MapPatch("/{sessionId}", PatchAsync).Accepts<SessionPatch>(ApiContentTypes.Json).Produces<ChatSession>().WithName("PatchSession").WithIfMatch();
        sessions.MapDelete("/{sessionId}", DeleteAsync).Produces<SessionDeletionReport>().WithName("DeleteSession").WithIfMatch(answersWithETagOn: null);
    }

    /// <summary>The session grain for route ids, validated first so a hostile id never reaches a grain.</summary>
    internal static ISessionGrain Session(IGrainFactory grains, ApiRules rules, string userId, string sessionId, out string subject)
    {
        var user = rules.UserId(userId);
        var session = rules.SessionId(sessionId);
        subject = $"session {session} of user {user}";
        return grains.GetGrain<ISessionGrain>(ChatGrainKeys.Session(user, session));
    }

    internal static string Location(ChatSession session) => $"/users/{session.UserId}/sessions/{session.Id}";

    private static async Task<IResult> CreateAsync(string userId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var id = rules.UserId(userId);
        var request = await RequestBody.ReadOptionalJsonAsync(context, ApiJsonContext.Default.CreateSessionRequest, rules.JsonBody, $"new session of user {id}");
        var session = await grains.GetGrain<IUserGrain>(id).CreateSessionAsync(request?.Title, request?.Metadata);
        return ApiResults.Created(context, Location(session), session, ChatDbJsonContext.Default.ChatSession);
    }

    private static async Task<IResult> ListAsync(string userId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var id = rules.UserId(userId);
        var request = context.Request;
        var limit = QueryArgs.Int(request, "limit");
        var offset = QueryArgs.Int(request, "offset") ?? 0;
        var query = QueryArgs.Text(request, "q");
        var sessions = await grains.GetGrain<IUserGrain>(id).ListSessionsAsync(limit, offset, query);
        return ApiResults.Ok(sessions, ChatDbJsonContext.Default.IReadOnlyListChatSession);
    }

    private static async Task<IResult> GetAsync(string userId, string sessionId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var session = await Session(grains, rules, userId, sessionId, out _).GetWithETagAsync();
        return TaggedResults.Read(context, session, ChatDbJsonContext.Default.ChatSession);
    }

    private static async Task<IResult> PatchAsync(string userId, string sessionId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Session(grains, rules, userId, sessionId, out var subject);
        var patch = await RequestBody.ReadJsonAsync(context, ChatDbJsonContext.Default.SessionPatch, rules.JsonBody, "patch of " + subject);
        var session = await grain.UpdateIfMatchAsync(patch, EntityTagHeaders.IfMatch(context.Request));
        return TaggedResults.Written(context, session, ChatDbJsonContext.Default.ChatSession);
    }

    private static async Task<IResult> DeleteAsync(string userId, string sessionId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        // The report says what went (messages, documents, snapshots, files): the caller's only record of it.
        var report = await Session(grains, rules, userId, sessionId, out _).DeleteIfMatchAsync(EntityTagHeaders.IfMatch(context.Request));
        return ApiResults.Ok(report, ChatDbJsonContext.Default.SessionDeletionReport);
    }
}

using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using Orleans;
using ChatDb.Silo.Api.Contracts;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Silo.Auth;
using ChatDb.Storage;
using ChatDb.Storage.Keys;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary><c>/users/{userId}/sessions</c>: create, list, read, patch and delete sessions.</summary>
internal static class SessionEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var sessions = api.MapGroup("/users/{userId}/sessions").WithTags("Sessions").RequireUserScope();
        sessions.MapPost("/", CreateAsync).Accepts<CreateSessionRequest>(isOptional: true, ApiContentTypes.Json)
            .Produces<ChatSession>(StatusCodes.Status201Created).WithName("CreateSession");
        sessions.MapGet("/", ListAsync).Produces<IReadOnlyList<ChatSession>>().WithName("ListSessions")
            .WithDescription("Most recently updated first. Query: limit, offset, q (title contains, case-insensitive), "
                + "metadata.KEY=VALUE (several ANDed) to keep sessions whose metadata has KEY with VALUE.")
            .WithQuery(ApiQuery.Limit, ApiQuery.Offset, ApiQuery.TitleContains);
        sessions.MapGet("/{sessionId}", GetAsync).Produces<ChatSession>().WithName("GetSession").WithETagRead();
        sessions.MapPatch("/{sessionId}", PatchAsync).Accepts<SessionPatch>(ApiContentTypes.Json).Produces<ChatSession>().WithName("PatchSession").WithIfMatch();
        sessions.MapDelete("/{sessionId}", DeleteAsync).Produces<SessionDeletionReport>().WithName("DeleteSession").WithIfMatch(answersWithETagOn: null)
            .WithDescription("Moves the session to the trash (GET /users/{userId}/trash; restorable) when Storage:BackupBeforeDelete is true, "
                + "else erases it; ?purge=true erases it at once in either case (trashedAt null in the report).")
            .WithFlag("purge", "Erase the session at once instead of moving it to the trash.");
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
        var limit = rules.PageSize(request);
        var offset = QueryArgs.Int(request, "offset") ?? 0;
        var query = QueryArgs.Text(request, "q");
        var metadata = QueryArgs.Metadata(request);
        var user = grains.GetGrain<IUserGrain>(id);
        var sessions = metadata is null
            ? await user.ListSessionsAsync(limit, offset, query)
            : await user.ListSessionsWithMetadataAsync(limit, offset, query, metadata);
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
        var session = Session(grains, rules, userId, sessionId, out _);
        var expected = EntityTagHeaders.IfMatch(context.Request);
        SessionDeletionReport report;
        if (QueryArgs.Flag(context.Request, "purge"))
        {
            report = expected is null
                ? await session.PurgeAsync()
                : throw new ValidationError("If-Match is not taken with purge=true: an erasure is unconditional (rule: no-if-match-with-purge).");
        }
        else
        {
            report = await session.DeleteIfMatchAsync(expected);
        }
        return ApiResults.Ok(report, ChatDbJsonContext.Default.SessionDeletionReport);
    }
}

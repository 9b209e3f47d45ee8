using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using Orleans;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Silo.Auth;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary><c>/users/{userId}/sessions/{sessionId}/messages</c>: append and page through messages.</summary>
internal static partial class MessageEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var messages = api.MapGroup("/users/{userId}/sessions/{sessionId}/messages").WithTags("Messages").RequireUserScope();
        messages.MapPost("/", AddAsync).Accepts<NewMessage>(ApiContentTypes.Json)
            .Produces<ChatMessage>(StatusCodes.Status201Created).WithName("AddMessage")
            .WithDescription("Idempotent for a client-chosen id: a retry returns the stored message.");
        messages.MapGet("/", ListAsync).Produces<IReadOnlyList<ChatMessage>>().WithName("ListMessages")
            .WithDescription("Oldest first. Query: limit, offset, before and after (exclusive seq cursors), "
                + "from (inclusive) and to (exclusive) ISO 8601 instants, latest=true to page from the newest end, "
                + "metadata.KEY=VALUE (several ANDed) to keep messages whose metadata has KEY with VALUE; "
                + "fitTokens=N alone for the newest messages whose token counts sum to at most N; "
                + "includeHistory=true for every version of edited messages. Deleted and redacted messages are skipped.")
            .WithQuery(ApiQuery.MessagePage);
        MapBatchAndTokens(messages);
    }

    /// <summary>The paging and filter parameters shared by session and panel message lists.</summary>
    internal static MessageQuery Query(HttpRequest request, ApiRules rules) => new()
    {
        Limit = rules.PageSize(request),
        Offset = QueryArgs.Int(request, "offset"),
        BeforeSeq = QueryArgs.Long(request, "before"),
        AfterSeq = QueryArgs.Long(request, "after"),
        From = QueryArgs.Instant(request, "from"),
        To = QueryArgs.Instant(request, "to"),
        Latest = QueryArgs.Flag(request, "latest"),
        Metadata = QueryArgs.Metadata(request),
        FitTokens = QueryArgs.Int(request, "fitTokens"),
        IncludeHistory = QueryArgs.Flag(request, "includeHistory"),
    };

    private static async Task<IResult> AddAsync(string userId, string sessionId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = SessionEndpoints.Session(grains, rules, userId, sessionId, out var subject);
        var message = await RequestBody.ReadJsonAsync(context, ChatDbJsonContext.Default.NewMessage, rules.JsonBody, "new message of " + subject);
        var added = await grain.AddMessageAsync(message);
        var location = $"/users/{userId}/sessions/{sessionId}/messages?after={added.Seq - 1}&limit=1";
        return ApiResults.Created(context, location, added, ChatDbJsonContext.Default.ChatMessage);
    }

    private static async Task<IResult> ListAsync(string userId, string sessionId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = SessionEndpoints.Session(grains, rules, userId, sessionId, out _);
        var messages = await grain.GetMessagesAsync(Query(context.Request, rules));
        return ApiResults.Ok(messages, ChatDbJsonContext.Default.IReadOnlyListChatMessage);
    }
}

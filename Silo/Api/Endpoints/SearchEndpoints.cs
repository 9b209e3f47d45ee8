using ChatDb.Grains;
using ChatDb.Grains.Search;
using Orleans;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Silo.Auth;
using ChatDb.Storage;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary><c>/users/{userId}/search</c>: ranked full-text, vector or hybrid search across a user's sessions.</summary>
internal static class SearchEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/users/{userId}/search", SearchAsync).WithTags("Search").RequireUserScope()
            .Produces<IReadOnlyList<SearchHit>>().WithName("SearchMessages")
            .WithDescription("Query: q (required; words ANDed, \"quoted phrases\", OR), mode=fulltext|vector|hybrid, "
                + "sessionId, role, from (inclusive), to (exclusive), entity, limit, metadata.KEY=VALUE (several ANDed). Results best first, each with "
                + "sessionId, message, score and a snippet with matched terms marked.")
            .WithQuery(ApiQuery.SearchText, ApiQuery.SearchMode, ApiQuery.SearchSession, ApiQuery.SearchRole, ApiQuery.From, ApiQuery.To,
                ApiQuery.SearchEntity, ApiQuery.Limit);
        api.MapGet("/panels/{panelId}/search", SearchPanelAsync).WithTags("Search")
            .Produces<IReadOnlyList<SearchHit>>().WithName("SearchPanelMessages")
            .WithDescription("Full-text search over one panel's messages. Query: q (required), limit. "
                + "Each hit's sessionId is the panel id.")
            .WithQuery(ApiQuery.SearchText, ApiQuery.Limit);
    }

    private static async Task<IResult> SearchPanelAsync(string panelId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var panel = rules.PanelId(panelId);
        var q = QueryArgs.Text(context.Request, "q");
        if (string.IsNullOrWhiteSpace(q))
        {
            throw new ValidationError($"search of panel \"{panel}\": query parameter 'q' is required.");
        }

        var hits = await grains.GetGrain<IPanelGrain>(panel).SearchAsync(q, rules.PageSize(context.Request));
        return Results.Json(hits, ApiJsonContext.Default.IReadOnlyListSearchHit);
    }

    private static async Task<IResult> SearchAsync(string userId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var request = context.Request;
        var user = rules.UserId(userId);
        var q = QueryArgs.Text(request, "q");
        if (string.IsNullOrWhiteSpace(q))
        {
            throw new ValidationError($"search of user \"{user}\": query parameter 'q' is required.");
        }

        var sessionId = QueryArgs.Text(request, "sessionId");
        var query = new SearchQuery
        {
            Q = q,
            Mode = Mode(QueryArgs.Text(request, "mode")),
            SessionId = sessionId is null ? null : rules.SessionId(sessionId),
            Role = QueryArgs.Text(request, "role"),
            From = QueryArgs.Instant(request, "from"),
            To = QueryArgs.Instant(request, "to"),
            Entity = QueryArgs.Text(request, "entity"),
            Limit = rules.PageSize(request),
            Metadata = QueryArgs.Metadata(request),
        };
        var hits = await grains.GetGrain<ISearchGrain>(user).SearchAsync(query);
        return Results.Json(hits, ApiJsonContext.Default.IReadOnlyListSearchHit);
    }

    private static SearchMode? Mode(string? text) => text?.ToLowerInvariant() switch
    {
        null => null,
        "fulltext" => SearchMode.FullText,
        "vector" => SearchMode.Vector,
        "hybrid" => SearchMode.Hybrid,
        _ => throw new ValidationError($"query parameter 'mode' must be fulltext, vector or hybrid (was \"{text}\")."),
    };
}

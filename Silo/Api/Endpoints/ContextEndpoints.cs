using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using Orleans;
using ChatDb.Silo.Api.Contracts;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Silo.Auth;
using ChatDb.Storage;
using ChatDb.Grains;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary><c>/users/{userId}/sessions/{sessionId}/context</c>: the situational context and its history.</summary>
internal static class ContextEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var context = api.MapGroup("/users/{userId}/sessions/{sessionId}/context").WithTags("Context").RequireUserScope();
        context.MapGet("/", GetAsync).Produces<SituationalContext>().WithName("GetContext").WithETagRead();
        context.MapPut("/", PutAsync).Accepts<ContextRequest>(ApiContentTypes.Json).Produces<SituationalContext>().WithName("PutContext").WithIfMatch()
            .WithDescription("summary and confidence are required; keyPoints, entities and timestamp default to none, none and now.");
        context.MapPost("/snapshots", SnapshotAsync).Accepts<ContextRequest>(isOptional: true, ApiContentTypes.Json)
            .Produces<ContextSnapshot>(StatusCodes.Status201Created).WithName("SaveContextSnapshot")
            .WithDescription("Without a body the current context is saved to the history.");
        context.MapPost("/summarize", SummarizeAsync).Produces<RollingSummaryResult>().WithName("SummarizeSession")
            .WithDescription("Folds every message older than the recent window (Memory:Summary:KeepRecentTokens) and not yet summarized into the context now, with the configured model; the context it replaces goes to the history. No body.");
        context.MapGet("/history", HistoryAsync).Produces<IReadOnlyList<SituationalContext>>().WithName("GetContextHistory")
            .WithDescription("Newest first. Query: limit.")
            .WithQuery(ApiQuery.Limit);
    }

    private static async Task<IResult> GetAsync(string userId, string sessionId, HttpContext http, IGrainFactory grains, ApiRules rules)
    {
        var grain = SessionEndpoints.Session(grains, rules, userId, sessionId, out var subject);
        return await grain.GetContextWithETagAsync() is { } current
            ? TaggedResults.Read(http, current, ChatDbJsonContext.Default.SituationalContext)
            : ApiResults.NotFound($"{subject} has no situational context yet.");
    }

    private static async Task<IResult> PutAsync(string userId, string sessionId, HttpContext http, IGrainFactory grains, ApiRules rules, TimeProvider time)
    {
        var grain = SessionEndpoints.Session(grains, rules, userId, sessionId, out var subject);
        var request = await RequestBody.ReadJsonAsync(http, ApiJsonContext.Default.ContextRequest, rules.JsonBody, "context of " + subject);
        var stored = await grain.UpdateContextIfMatchAsync(ToContext(request, time, subject), EntityTagHeaders.IfMatch(http.Request));
        return TaggedResults.Written(http, stored, ChatDbJsonContext.Default.SituationalContext);
    }

    private static async Task<IResult> SnapshotAsync(string userId, string sessionId, HttpContext http, IGrainFactory grains, ApiRules rules, TimeProvider time)
    {
        var grain = SessionEndpoints.Session(grains, rules, userId, sessionId, out var subject);
        var request = await RequestBody.ReadOptionalJsonAsync(http, ApiJsonContext.Default.ContextRequest, rules.JsonBody, "context snapshot of " + subject);
        var snapshot = await grain.SaveContextSnapshotAsync(request is null ? null : ToContext(request, time, subject));
        var location = $"/users/{userId}/sessions/{sessionId}/context/history";
        return ApiResults.Created(http, location, snapshot, ChatDbJsonContext.Default.ContextSnapshot);
    }

    private static async Task<IResult> SummarizeAsync(string userId, string sessionId, IGrainFactory grains, ApiRules rules)
    {
        // Same key as the session grain's: the ids are checked once, by Session().
        var session = SessionEndpoints.Session(grains, rules, userId, sessionId, out _);
        var result = await grains.GetGrain<ISessionSummaryGrain>(session.GetPrimaryKeyString()).SummarizeAsync();
        return ApiResults.Ok(result, ChatDbJsonContext.Default.RollingSummaryResult);
    }

    private static async Task<IResult> HistoryAsync(string userId, string sessionId, HttpContext http, IGrainFactory grains, ApiRules rules)
    {
        var grain = SessionEndpoints.Session(grains, rules, userId, sessionId, out _);
        var snapshots = await grain.GetContextHistoryAsync(rules.PageSize(http.Request));
        IReadOnlyList<SituationalContext> contexts = [.. snapshots.Select(s => s.Context)];
        return ApiResults.Ok(contexts, ApiJsonContext.Default.IReadOnlyListSituationalContext);
    }

    private static SituationalContext ToContext(ContextRequest request, TimeProvider time, string subject) => new(
        request.Summary ?? throw new ValidationError($"context of {subject}: 'summary' is required."),
        request.KeyPoints ?? [],
        request.Entities ?? [],
        request.Timestamp ?? time.GetUtcNow(),
        request.Confidence ?? throw new ValidationError($"context of {subject}: 'confidence' (0 to 1) is required."));
}

using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Silo.Auth;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Microsoft.OpenApi;
using Orleans;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary>
/// A user's long-term memories (docs/MEMORY.md) under <c>/users/{userId}/memories</c>: add, list, read, change and remove
/// one, recall the best ones for a query, and extract new ones from a session of the user.
/// </summary>
internal static class MemoryEndpoints
{
    private static readonly ApiQueryParameter AgentScope = new("agentId",
        "Only this agent's memories and the user's unscoped ones; every memory when absent.", JsonSchemaType.String, ApiPathParameters.AgentIdExample)
    {
        MinLength = 1,
    };

    private static readonly ApiQueryParameter IncludeExpired = new("includeExpired",
        "true: also the memories whose expiresAt has passed.", JsonSchemaType.Boolean, true);

    private static readonly ApiQueryParameter RecallText = new("q", "What to recall: a question or a few words.", JsonSchemaType.String, "where does the user live")
    {
        Required = true,
        MinLength = 1,
    };

    private static readonly ApiQueryParameter RecallCount = new("k",
        $"How many memories, 1 to {MemoryRecallQuery.MaxK}; {MemoryRecallQuery.DefaultK} when absent.", JsonSchemaType.Integer, 3)
    {
        Format = "int32",
        Minimum = "1",
        Maximum = MemoryRecallQuery.MaxK.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static void Map(IEndpointRouteBuilder api)
    {
        var memories = api.MapGroup("/users/{userId}/memories").WithTags("Memories").RequireUserScope();
        memories.MapPost("/", AddAsync).Accepts<NewMemory>(ApiContentTypes.Json).Produces<Memory>(StatusCodes.Status201Created).WithName("AddMemory")
            .WithDescription($"Adds a memory: text (required, at most {Memory.MaxTextChars} characters after trimming; longer is 413 naming MaxMemoryChars), "
                + "importance (0 to 1, default 0.5), expiresAt, agentId (the memory belongs to that agent of the user only). 201 with Location.");
        memories.MapGet("/", ListAsync).Produces<IReadOnlyList<Memory>>().WithName("ListMemories")
            .WithDescription($"The user's memories, oldest first; expired ones only with includeExpired=true. limit defaults to {MemoryQuery.DefaultLimit}.")
            .WithQuery(AgentScope, IncludeExpired, ApiQuery.Limit, ApiQuery.Offset);
        memories.MapGet("/recall", RecallAsync).Produces<IReadOnlyList<MemoryHit>>().WithName("RecallMemories")
            .WithDescription("The k memories that best answer q, best first, as [{memory, score}]: ranked by words (BM25) and by meaning (embeddings), "
                + "fused, weighed by importance and recency; never an expired one. Only the order of the scores is meaningful.")
            .WithQuery(RecallText, RecallCount, AgentScope)
            .WithErrors(StatusCodes.Status413PayloadTooLarge);
        memories.MapPost("/extract", ExtractAsync).Accepts<MemoryExtractionRequest>(ApiContentTypes.Json).Produces<MemoryExtractionResult>().WithName("ExtractMemories")
            .WithDescription($"Reads up to {Grains.Memories.MemoryGrain.MaxExtractMessages} messages of the user's session from fromSeq (every message when absent), "
                + "has the extractor (Memory:ExtractionModel) propose changes to the memories and applies them together: 200 {added, updated, deleted}. "
                + "404 for an unknown session; 502 when the extraction model fails or answers something unusable (nothing is applied).")
            .WithErrors(StatusCodes.Status404NotFound, StatusCodes.Status502BadGateway);

        var memory = memories.MapGroup("/{memoryId}");
        memory.MapGet("/", GetAsync).Produces<Memory>().WithName("GetMemory")
            .WithDescription("The memory, an expired one too; 404 when the user has none with that id.");
        memory.MapPatch("/", UpdateAsync).Accepts<MemoryPatch>(ApiContentTypes.Json).Produces<Memory>().WithName("UpdateMemory")
            .WithDescription("Changes only the fields given: text, importance, expiresAt, or clearExpiry: true (not with expiresAt).");
        memory.MapDelete("/", DeleteAsync).Produces(StatusCodes.Status204NoContent).WithName("DeleteMemory")
            .WithDescription("Removes the memory; 404 when the user has none with that id.");
    }

    /// <summary>The user's memory grain, the user id checked first; a hostile id activates nothing.</summary>
    private static IMemoryGrain Memories(IGrainFactory grains, ApiRules rules, string userId, out string user)
    {
        user = rules.UserId(userId);
        return grains.GetGrain<IMemoryGrain>(ChatGrainKeys.Memory(user));
    }

    private static async Task<IResult> AddAsync(string userId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Memories(grains, rules, userId, out var user);
        var request = await RequestBody.ReadJsonAsync(context, MemoryJsonContext.Default.NewMemory, rules.JsonBody, $"new memory of user {user}");
        var added = await grain.AddAsync(request);
        return ApiResults.Created(context, $"/users/{user}/memories/{added.Id}", added, MemoryJsonContext.Default.Memory);
    }

    private static async Task<IResult> ListAsync(string userId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Memories(grains, rules, userId, out _);
        var request = context.Request;
        var query = new MemoryQuery
        {
            AgentId = QueryArgs.Text(request, "agentId"),
            IncludeExpired = QueryArgs.Flag(request, "includeExpired"),
            Offset = QueryArgs.Int(request, "offset") ?? 0,
            Limit = rules.PageSize(request),
        };
        return ApiResults.Ok(await grain.ListAsync(query), MemoryJsonContext.Default.IReadOnlyListMemory);
    }

    private static async Task<IResult> RecallAsync(string userId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Memories(grains, rules, userId, out var user);
        var request = context.Request;
        var q = QueryArgs.Text(request, "q");
        if (string.IsNullOrWhiteSpace(q))
        {
            throw new ValidationError($"recall of the memories of user {user}: query parameter 'q' is required.");
        }

        var hits = await grain.RecallAsync(new MemoryRecallQuery { Query = q, K = QueryArgs.Int(request, "k"), AgentId = QueryArgs.Text(request, "agentId") });
        return ApiResults.Ok(hits, MemoryJsonContext.Default.IReadOnlyListMemoryHit);
    }

    private static async Task<IResult> ExtractAsync(string userId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Memories(grains, rules, userId, out var user);
        var request = await RequestBody.ReadJsonAsync(context, MemoryJsonContext.Default.MemoryExtractionRequest, rules.JsonBody, $"memory extraction of user {user}");
        rules.SessionId(request.SessionId);
        return ApiResults.Ok(await grain.ExtractAsync(request), MemoryJsonContext.Default.MemoryExtractionResult);
    }

    private static async Task<IResult> GetAsync(string userId, string memoryId, IGrainFactory grains, ApiRules rules)
    {
        var grain = Memories(grains, rules, userId, out var user);
        var id = ChatGrainKeys.MemoryId(memoryId);
        return await grain.GetAsync(id) is { } memory
            ? ApiResults.Ok(memory, MemoryJsonContext.Default.Memory)
            : ApiResults.NotFound($"memory {id} of user {user} does not exist.");
    }

    private static async Task<IResult> UpdateAsync(string userId, string memoryId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Memories(grains, rules, userId, out var user);
        var id = ChatGrainKeys.MemoryId(memoryId);
        var patch = await RequestBody.ReadJsonAsync(context, MemoryJsonContext.Default.MemoryPatch, rules.JsonBody, $"memory {id} of user {user}");
        return ApiResults.Ok(await grain.UpdateAsync(id, patch), MemoryJsonContext.Default.Memory);
    }

    private static async Task<IResult> DeleteAsync(string userId, string memoryId, IGrainFactory grains, ApiRules rules)
    {
        var grain = Memories(grains, rules, userId, out var user);
        var id = ChatGrainKeys.MemoryId(memoryId);
        return await grain.DeleteAsync(id) ? Results.NoContent() : ApiResults.NotFound($"memory {id} of user {user} does not exist.");
    }
}

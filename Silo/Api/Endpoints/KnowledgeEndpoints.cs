using System.Globalization;
using ChatDb.Grains;
using ChatDb.Grains.Knowledge;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Silo.Auth;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Orleans;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary>
/// A user's knowledge base (docs/RAG.md) under <c>/users/{userId}/knowledge</c>: upload (raw bytes), list, read the status
/// of and remove documents; and <c>/users/{userId}/retrieve</c>, the chunks of the knowledge base or of a session's
/// documents that best answer a query.
/// </summary>
internal static class KnowledgeEndpoints
{
    private static readonly ApiQueryParameter RetrieveText = new("q", "What to look for: a question or a few words.", JsonSchemaType.String, "hotel booking policy")
    {
        Required = true,
        MinLength = 1,
    };

    private static readonly ApiQueryParameter RetrieveCount = new("k",
        $"How many chunks, 1 to {KnowledgeQuery.MaxK}; {KnowledgeQuery.DefaultK} when absent.", JsonSchemaType.Integer, 5)
    {
        Format = "int32",
        Minimum = "1",
        Maximum = KnowledgeQuery.MaxK.ToString(CultureInfo.InvariantCulture),
    };

    private static readonly ApiQueryParameter RetrieveSession = new("sessionId",
        "Search this session's documents instead of the knowledge base.", JsonSchemaType.String, ApiPathParameters.SessionIdExample)
    {
        MinLength = 1,
    };

    public static void Map(IEndpointRouteBuilder api)
    {
        var knowledge = api.MapGroup("/users/{userId}/knowledge").WithTags("Knowledge").RequireUserScope();
        knowledge.MapGet("/", ListAsync).Produces<IReadOnlyList<KnowledgeDocument>>().WithName("ListKnowledge")
            .WithDescription("The user's knowledge documents by filename, each with format, bytes, status (indexed or failed), reason and chunk count.");
        knowledge.MapPut("/{filename}", PutAsync).Accepts<byte[]>(ApiContentTypes.OctetStream, "*/*")
            .Produces<KnowledgePutResult>(StatusCodes.Status201Created).Produces<KnowledgePutResult>(StatusCodes.Status200OK).WithName("PutKnowledge")
            .WithDescription("The body is the document's bytes; its Content-Type (text/plain, text/markdown, text/html, application/pdf) tells the format, "
                + "else the extension does (.txt .text .csv .json .md .markdown .html .htm .pdf). The document is extracted, chunked and indexed before the answer: "
                + "201 when new, 200 when it replaced one, with {filename, status, reason}. A document that cannot be read within the limits "
                + "(Knowledge:MaxPdfPages, MaxHtmlDepth, MaxTextChars, ExtractionTimeout) is kept with status failed and the reason. "
                + "Larger than Knowledge:MaxDocumentBytes is 413.")
            .WithRequestExample("\"Hotel bookings are made through the travel desk.\"")
            .WithErrors(StatusCodes.Status413PayloadTooLarge);
        knowledge.MapGet("/{filename}", GetAsync).Produces<KnowledgeDocument>().WithName("GetKnowledge")
            .WithDescription("The document's entry (status, reason, chunk count); 404 when the user has no such document.");
        knowledge.MapDelete("/{filename}", DeleteAsync).Produces(StatusCodes.Status204NoContent).WithName("DeleteKnowledge")
            .WithDescription("Removes the document, its text and its chunks; 404 when the user has no such document.");

        api.MapGet("/users/{userId}/retrieve", RetrieveAsync).WithTags("Knowledge").RequireUserScope()
            .Produces<IReadOnlyList<KnowledgeHit>>().WithName("Retrieve")
            .WithDescription("The k chunks that best answer q, best first, as [{filename, chunk, position, score}]: from the knowledge base, or from the "
                + "documents of the session sessionId. Ranked by words (BM25) and by meaning (embeddings), fused by rank; only the order of the scores is meaningful.")
            .WithQuery(RetrieveText, RetrieveCount, RetrieveSession)
            .WithErrors(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);
    }

    /// <summary>The user's knowledge grain, the user id checked first; a hostile id activates nothing.</summary>
    private static IKnowledgeGrain Knowledge(IGrainFactory grains, ApiRules rules, string userId, out string user)
    {
        user = rules.UserId(userId);
        return grains.GetGrain<IKnowledgeGrain>(ChatGrainKeys.Knowledge(user));
    }

    private static async Task<IResult> PutAsync(string userId, string filename, HttpContext context, IGrainFactory grains, ApiRules rules,
        IOptions<KnowledgeOptions> options)
    {
        var grain = Knowledge(grains, rules, userId, out var user);
        var name = KnowledgeFilenames.Validate(filename);
        var limit = new BodyLimit(options.Value.MaxDocumentBytes, $"{KnowledgeOptions.SectionName}:{nameof(KnowledgeOptions.MaxDocumentBytes)}");
        var content = await RequestBody.ReadBytesAsync(context, limit, $"knowledge document {name} of user {user}");
        var result = await grain.PutAsync(name, content, context.Request.ContentType);
        return result.Replaced
            ? ApiResults.Ok(result, KnowledgeJsonContext.Default.KnowledgePutResult)
            : ApiResults.Created(context, $"/users/{user}/knowledge/{name}", result, KnowledgeJsonContext.Default.KnowledgePutResult);
    }

    private static async Task<IResult> ListAsync(string userId, IGrainFactory grains, ApiRules rules) =>
        ApiResults.Ok(await Knowledge(grains, rules, userId, out _).ListAsync(), KnowledgeJsonContext.Default.IReadOnlyListKnowledgeDocument);

    private static async Task<IResult> GetAsync(string userId, string filename, IGrainFactory grains, ApiRules rules) =>
        ApiResults.Ok(await Knowledge(grains, rules, userId, out _).GetAsync(KnowledgeFilenames.Validate(filename)),
            KnowledgeJsonContext.Default.KnowledgeDocument);

    private static async Task<IResult> DeleteAsync(string userId, string filename, IGrainFactory grains, ApiRules rules)
    {
        var grain = Knowledge(grains, rules, userId, out var user);
        var name = KnowledgeFilenames.Validate(filename);
        return await grain.DeleteAsync(name)
            ? Results.NoContent()
            : ApiResults.NotFound($"the knowledge base of user {user} has no document {name}.");
    }

    private static async Task<IResult> RetrieveAsync(string userId, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = Knowledge(grains, rules, userId, out var user);
        var request = context.Request;
        var q = QueryArgs.Text(request, "q");
        if (string.IsNullOrWhiteSpace(q))
        {
            throw new ValidationError($"retrieval for user {user}: query parameter 'q' is required.");
        }

        var sessionId = QueryArgs.Text(request, "sessionId");
        var hits = await grain.RetrieveAsync(new KnowledgeQuery
        {
            Query = q,
            K = QueryArgs.Int(request, "k"),
            SessionId = sessionId is null ? null : rules.SessionId(sessionId),
        });
        return ApiResults.Ok(hits, KnowledgeJsonContext.Default.IReadOnlyListKnowledgeHit);
    }
}

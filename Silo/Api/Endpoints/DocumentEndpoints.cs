using System.Text.Json.Nodes;
using ChatDb.Grains.Media;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using Orleans;
using ChatDb.Silo.Api.Errors;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Api.OpenApi;
using ChatDb.Silo.Auth;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace ChatDb.Silo.Api.Endpoints;

/// <summary>
/// <c>/users/{userId}/sessions/{sessionId}/documents</c>: upload raw bytes (up to MaxDocumentSizeBytes,
/// refused before buffering when larger), download, list, store analysis results, and an image's thumbnail (the one route of
/// the multimodal module here).
/// </summary>
internal static class DocumentEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var documents = api.MapGroup("/users/{userId}/sessions/{sessionId}/documents").WithTags("Documents").RequireUserScope();
        documents.MapGet("/", ListAsync).Produces<IReadOnlyList<DocumentInfo>>().WithName("ListDocuments");
        documents.MapPut("/{filename}", PutAsync).Accepts<byte[]>(ApiContentTypes.OctetStream, "*/*")
            .Produces<DocumentInfo>(StatusCodes.Status201Created).WithName("PutDocument").WithIfMatch(StatusCodes.Status201Created)
            .WithDescription("The body is the document's bytes. Its Content-Type becomes the MIME type unless it is "
                + "application/octet-stream or absent, in which case the type is guessed from the extension.")
            .WithRequestExample("\"Meeting notes: book the hotel.\"");
        documents.MapGet("/{filename}", GetAsync).Produces(StatusCodes.Status200OK, contentType: ApiContentTypes.OctetStream)
            .WithResponseContentTypes(StatusCodes.Status200OK, ApiContentTypes.AnyType).WithName("GetDocument").WithETagRead()
            .WithDescription("The document's bytes, with the MIME type it was stored with as the Content-Type.");
        documents.MapGet("/{filename}/thumbnail", GetThumbnailAsync).Produces(StatusCodes.Status200OK, contentType: MediaThumbnails.MediaType)
            .Produces<ApiError>(StatusCodes.Status404NotFound, ApiContentTypes.Json).WithName("GetDocumentThumbnail")
            .WithDescription("The thumbnail of an image document (PNG, at most Multimodal:ThumbnailMaxSide pixels on its long side; "
                + "docs/MULTIMODAL.md). 404 not_found when the document is not an image or its analysis failed (the message says why); "
                + "404 module_disabled while the multimodal module is off. The image's format and dimensions are in the document's "
                + "analysis, under \"media\". The example names the text document the upload example stores, so it answers 404.")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                operation.Extensions[AgentApprovalEndpoints.ExampleStatusExtension] = new JsonNodeExtension(JsonValue.Create(StatusCodes.Status404NotFound));
                return Task.CompletedTask;
            });
        documents.MapPut("/{filename}/analysis", PutAnalysisAsync).Accepts<Dictionary<string, System.Text.Json.JsonElement>>(ApiContentTypes.Json)
            .Produces<DocumentInfo>().WithName("PutDocumentAnalysis").WithIfMatch()
            .WithDescription("Merged into the stored analysis; a key whose value is null is removed.")
            .WithRequestExample("""{"language": "en", "pages": 1}""");
    }

    private static async Task<IResult> PutAsync(string userId, string sessionId, string filename, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = SessionEndpoints.Session(grains, rules, userId, sessionId, out var subject);
        var name = rules.DocumentFilename(filename);
        var content = await RequestBody.ReadBytesAsync(context, rules.Document, $"document {name} of {subject}");
        var document = await grain.SaveDocumentIfMatchAsync(name, content, MimeTypeOf(context.Request), metadata: null, EntityTagHeaders.IfMatch(context.Request));
        EntityTagHeaders.Set(context.Response, document.ETag);
        return ApiResults.Created(context, $"/users/{userId}/sessions/{sessionId}/documents/{name}", document.Value, ChatDbJsonContext.Default.DocumentInfo);
    }

    private static async Task<IResult> GetAsync(string userId, string sessionId, string filename, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = SessionEndpoints.Session(grains, rules, userId, sessionId, out _);
        var name = rules.DocumentFilename(filename);
        var document = await grain.GetDocumentWithETagAsync(name);
        if (TaggedResults.NotModified(context, document.ETag) is { } notModified)
        {
            return notModified;
        }

        // The ETag goes in as a header, not to Results.File, which would answer a failed If-Match with an empty 412 of its own.
        EntityTagHeaders.Set(context.Response, document.ETag);
        var (info, content) = document.Value;
        return Results.File(content, info.MimeType, fileDownloadName: null, lastModified: info.UploadedAt);
    }

    private static async Task<IResult> GetThumbnailAsync(string userId, string sessionId, string filename, IGrainFactory grains, ApiRules rules)
    {
        var grain = SessionEndpoints.Session(grains, rules, userId, sessionId, out _);
        var thumbnail = await grain.GetDocumentThumbnailAsync(rules.DocumentFilename(filename));
        return Results.File(thumbnail, MediaThumbnails.MediaType);
    }

    private static async Task<IResult> ListAsync(string userId, string sessionId, IGrainFactory grains, ApiRules rules)
    {
        var documents = await SessionEndpoints.Session(grains, rules, userId, sessionId, out _).ListDocumentsAsync();
        return ApiResults.Ok(documents, ChatDbJsonContext.Default.IReadOnlyListDocumentInfo);
    }

    private static async Task<IResult> PutAnalysisAsync(string userId, string sessionId, string filename, HttpContext context, IGrainFactory grains, ApiRules rules)
    {
        var grain = SessionEndpoints.Session(grains, rules, userId, sessionId, out var subject);
        var name = rules.DocumentFilename(filename);
        var analysis = await RequestBody.ReadJsonAsync(context, ChatDbJsonContext.Default.DictionaryStringJsonElement, rules.JsonBody,
            $"analysis of document {name} of {subject}");
        var document = await grain.UpdateDocumentAnalysisIfMatchAsync(name, analysis, EntityTagHeaders.IfMatch(context.Request));
        return TaggedResults.Written(context, document, ChatDbJsonContext.Default.DocumentInfo);
    }

    private static string? MimeTypeOf(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && !type.MediaType.Equals(ApiContentTypes.OctetStream, StringComparison.OrdinalIgnoreCase)
            ? type.ToString()
            : null;
}

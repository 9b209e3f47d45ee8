using ChatDb.Silo.Api.Errors;
using Microsoft.OpenApi;

namespace ChatDb.Silo.Api.Http;

/// <summary>
/// The OpenAPI side of <see cref="EntityTagHeaders"/>: the <c>If-None-Match</c> / <c>If-Match</c> header parameters,
/// the <c>ETag</c> response header and the 304 / 412 statuses of the operations that take part.
/// </summary>
internal static class EntityTagConventions
{
    private const string ETagDescription = "The record's ETag: a strong entity tag that changes whenever what is stored changes.";

    /// <summary>A read that answers with an ETag and honours <c>If-None-Match</c> with a 304.</summary>
    public static RouteHandlerBuilder WithETagRead(this RouteHandlerBuilder builder) => builder
        .Produces(StatusCodes.Status304NotModified)
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            AddHeaderParameter(operation, "If-None-Match",
                "ETags of a copy the client holds (a list, or *); when one is current the answer is 304 with no body.", "\"5f2b8c0e9d4a7b61c3e8f0a2d4b6c8e0\"");
            AddETagHeader(operation, StatusCodes.Status200OK);
            AddETagHeader(operation, StatusCodes.Status304NotModified);
            return Task.CompletedTask;
        });

    /// <summary>
    /// A write that honours <c>If-Match</c> (412 with the error body when stale; nothing is written) and, when
    /// <paramref name="answersWithETagOn"/> is given, answers with the ETag of what it stored.
    /// </summary>
    public static RouteHandlerBuilder WithIfMatch(this RouteHandlerBuilder builder, int? answersWithETagOn = StatusCodes.Status200OK) => builder
        .Produces<ApiError>(StatusCodes.Status412PreconditionFailed, ApiContentTypes.Json)
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            AddHeaderParameter(operation, "If-Match",
                "The ETag of the copy the change is based on, or * (the record must exist); when it is no longer current "
                + "the answer is 412 and nothing is written. One tag per request.", "*");
            if (answersWithETagOn is { } status)
            {
                AddETagHeader(operation, status);
            }

            return Task.CompletedTask;
        });

    private static void AddHeaderParameter(OpenApiOperation operation, string name, string description, string example)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = false,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Example = example,
        });
    }

    private static void AddETagHeader(OpenApiOperation operation, int status)
    {
        if (operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var found) != true
            || found is not OpenApiResponse response)
        {
            return;
        }

        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers["ETag"] = new OpenApiHeader
        {
            Description = ETagDescription,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
    }
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChatDb.Silo.Api.Errors;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Modules;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace ChatDb.Silo.Api.OpenApi;

/// <summary>
/// Completes each operation from what the route declared (docs/API.md, "Adding a route"): every route parameter
/// (also those a handler reads from the route values, which the generator does not see) with its rules and an
/// example (<see cref="ApiPathParameters"/>); the query parameters of <see cref="ApiQueryMetadata"/>; the request
/// example; the error responses' meaning and example; content for responses that are not JSON (event streams,
/// downloads); a summary; and the API key schemes that apply (none for anonymous routes).
/// </summary>
internal sealed partial class ApiOperationTransformer(IOptions<ChatDbApiOptions> options) : IOpenApiOperationTransformer
{
    private static readonly Dictionary<int, (string Description, ApiError Example)> ErrorResponses = new()
    {
        [StatusCodes.Status400BadRequest] = ("Invalid request: an id, a query parameter or the body breaks a rule, which the message names.",
            new(ApiErrorKinds.Validation, "query parameter 'limit' = 5000 is above the largest page, Api:MaxPageSize = 1000; page with offset or the seq cursors.")),
        [StatusCodes.Status401Unauthorized] = ("No API key, or one this silo does not accept (WWW-Authenticate says which).",
            new(ApiErrorKinds.Unauthorized, "This route needs an API key: Authorization: Bearer <key> or X-Api-Key: <key>.")),
        [StatusCodes.Status403Forbidden] = ("The key's scope does not cover this route (a user key on another user's routes, or on admin routes).",
            new(ApiErrorKinds.Forbidden, "The key 'alice-app' (scope user:alice) may not call GET /users/bob.")),
        [StatusCodes.Status404NotFound] = ("What the path names does not exist.",
            new(ApiErrorKinds.NotFound, $"session {ApiPathParameters.SessionIdExample} of user {ApiPathParameters.UserIdExample} does not exist.")),
        [StatusCodes.Status409Conflict] = ("A concurrent write changed the data first; retry.",
            new(ApiErrorKinds.Conflict, "The stored state changed since it was read.")),
        [StatusCodes.Status413PayloadTooLarge] = ("Over a configured limit, which the message names with its value.",
            new(ApiErrorKinds.LimitExceeded, "new message of session: request body size in bytes is 3000000, which exceeds the limit 2 x Storage:MaxMessageSizeBytes = 2097152.")),
        [StatusCodes.Status415UnsupportedMediaType] = ("The body's Content-Type is not one the route reads.",
            new(ApiErrorKinds.UnsupportedMediaType, "the body must be JSON (Content-Type: application/json), not text/plain.")),
        [StatusCodes.Status429TooManyRequests] = ("Over the rate limit of the key (or, without keys, of the remote address); Retry-After says in how many seconds to try again. Only when Auth:RateLimit or the key sets one.",
            new(ApiErrorKinds.RateLimited, "API key 'alice-app' is over its rate limit of 5 requests per second (burst 10) (Auth:RateLimit); retry after 1 s.")),
        [StatusCodes.Status500InternalServerError] = ("Storage failed or found damaged data; details are in the silo's log only.",
            new(ApiErrorKinds.Storage, ApiErrorMapper.InternalErrorMessage)),
        [StatusCodes.Status503ServiceUnavailable] = ("A silo of the cluster stopped or died during the call; Retry-After (1 s) says when to try again, and the grain answers from another silo once membership has moved it.",
            new(ApiErrorKinds.Unavailable, ApiErrorMapper.UnavailableMessage)),
        [StatusCodes.Status504GatewayTimeout] = ("The silo did not answer in time.",
            new(ApiErrorKinds.Timeout, "The grain call timed out.")),
    };

    /// <summary>What a subscriber reads: the comment once subscribed, then one data line per event.</summary>
    private static readonly string EventStreamExample = ": subscribed\n\n"
        + $"data: {{\"kind\":\"message_added\",\"userId\":\"{ApiPathParameters.UserIdExample}\",\"sessionId\":\"{ApiPathParameters.SessionIdExample}\","
        + "\"timestamp\":\"2026-01-31T12:00:00+00:00\",\"message\":{\"id\":\"msg_5f0c2a9e4b7d4e1f8a6b3c2d1e0f9a8b\",\"seq\":1,\"role\":\"user\","
        + "\"content\":\"Hello!\",\"timestamp\":\"2026-01-31T12:00:00+00:00\",\"attachments\":[],\"metadata\":{}}}\n\n";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Summary ??= SummaryOf(operation.OperationId);
        DescribeRouteParameters(operation, context.Description.RelativePath ?? string.Empty, metadata);
        foreach (var query in metadata.OfType<ApiQueryMetadata>().SelectMany(m => m.Parameters))
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(query.ToParameter(options.Value.MaxPageSize));
        }

        DescribeRequestBody(operation, metadata);
        DescribeResponses(operation, metadata);
        operation.Security = ApiSecuritySchemes.For(metadata, context.Document);
        return Task.CompletedTask;
    }

    private static void DescribeRouteParameters(OpenApiOperation operation, string relativePath, IList<object> metadata)
    {
        operation.Parameters ??= [];
        var names = RouteParameter().Matches(relativePath).Select(m => m.Groups["name"].Value).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            if (!operation.Parameters.Any(p => p.In == ParameterLocation.Path && p.Name == names[i]))
            {
                operation.Parameters.Insert(Math.Min(i, operation.Parameters.Count), ApiPathParameters.Create(names[i]));
            }
        }

        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Path))
        {
            ApiPathParameters.Describe(parameter);
            if (metadata.OfType<ApiPathExampleMetadata>().LastOrDefault(m => m.Name == parameter.Name) is { } example)
            {
                parameter.Example = JsonNode.Parse(example.Json);
            }
        }
    }

    private static void DescribeRequestBody(OpenApiOperation operation, IList<object> metadata)
    {
        if (operation.RequestBody is not OpenApiRequestBody body || body.Content is null)
        {
            return;
        }

        if (metadata.OfType<IAcceptsMetadata>().Any(a => a.IsOptional))
        {
            body.Required = false;
        }

        var example = metadata.OfType<ApiRequestExampleMetadata>().LastOrDefault() is { } declared ? JsonNode.Parse(declared.Json) : null;
        foreach (var (mediaType, content) in body.Content)
        {
            if (mediaType != ApiContentTypes.Json)
            {
                // Raw bytes (documents): not base64 in JSON, whatever the CLR type says.
                content.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
            }

            if (example is not null && content is OpenApiMediaType media)
            {
                media.Example = example.DeepClone();
            }
        }
    }

    private static void DescribeResponses(OpenApiOperation operation, IList<object> metadata)
    {
        if (operation.Responses is null)
        {
            return;
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete || !int.TryParse(status, out var code))
            {
                continue;
            }

            // A route may answer an error status with its own body (GET /health: 503 with the health status).
            var ownBody = metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == code && m.Type is { } type && type != typeof(ApiError));
            if (!ownBody && ErrorResponses.TryGetValue(code, out var error))
            {
                concrete.Description = error.Description;
                if (code == StatusCodes.Status404NotFound && metadata.OfType<ModuleRouteMetadata>().FirstOrDefault() is { } module)
                {
                    concrete.Description = $"{error.Description} Or error module_disabled: the {module.Module} module is switched off in this deployment (Modules:{module.Module}:Enabled=false).";
                }

                if (concrete.Content?.TryGetValue(ApiContentTypes.Json, out var json) == true && json is OpenApiMediaType media)
                {
                    media.Example = new JsonObject { ["error"] = error.Example.Error, ["message"] = error.Example.Message };
                }

                if (code is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
                {
                    concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    concrete.Headers["Retry-After"] = new OpenApiHeader
                    {
                        Description = code == StatusCodes.Status429TooManyRequests
                            ? "Seconds until the key may make a request again."
                            : "Seconds until the call is worth retrying.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                        Example = 1,
                    };
                }

                continue;
            }

            // Responses that are not JSON: the generator leaves them without content, or calls bytes base64.
            var contentTypes = metadata.OfType<IProducesResponseTypeMetadata>().Where(m => m.StatusCode == code).SelectMany(m => m.ContentTypes)
                .Concat(metadata.OfType<ApiResponseContentMetadata>().Where(m => m.Status == code).SelectMany(m => m.ContentTypes));
            foreach (var contentType in contentTypes.Where(t => t != ApiContentTypes.Json).Distinct())
            {
                concrete.Content ??= new Dictionary<string, OpenApiMediaType>();
                concrete.Content[contentType] = contentType switch
                {
                    ApiContentTypes.EventStream => new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                        Example = EventStreamExample,
                    },
                    ApiContentTypes.JsonLines => new OpenApiMediaType { Schema = ExportRecordSchema.Record(), Example = ExportRecordSchema.HeaderExample() },
                    _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                };
                if (contentType == ApiContentTypes.JsonLines)
                {
                    // The same records as one JSON array (?format=json).
                    concrete.Content[ApiContentTypes.Json] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = ExportRecordSchema.Record() },
                        Example = new JsonArray(ExportRecordSchema.HeaderExample()),
                    };
                }
            }
        }
    }

    /// <summary>"ListSessionMessages" → "List session messages".</summary>
    private static string? SummaryOf(string? operationId) =>
        operationId is null ? null : operationId[..1] + Word().Replace(operationId[1..], m => " " + m.Value.ToLowerInvariant());

    [GeneratedRegex(@"\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex("[A-Z]")]
    private static partial Regex Word();
}

using ChatDb.Silo.Api.Errors;
using ChatDb.Silo.Api.Http;
using ChatDb.Silo.Modules;
using Microsoft.AspNetCore.Http.Metadata;

namespace ChatDb.Silo.Api.OpenApi;

/// <summary>
/// Declares, for each API route, the error statuses it can really answer, each with the <see cref="ApiError"/> body,
/// derived from what the route is rather than one list for all: every route can be refused by the key check
/// (401, 403) and the rate limit (429), and can fail in storage, meet a silo going away or time out (500, 503, 504); ids in the path, query parameters and bodies can be
/// invalid (400); a body can be too large (413) or of the wrong type (415); an id of a thing that must exist
/// (session, panel, persona, document, version, memory) can name nothing (404), and a module's route answers 404 while its module is off. Anything else a route answers it declares
/// with <see cref="ApiOperationConventions.WithErrors"/>. Runs as a <c>Finally</c> convention, after the route's own.
/// </summary>
internal static class ApiErrorResponses
{
    private static readonly HashSet<string> MustExist = new(StringComparer.Ordinal) { "sessionId", "panelId", "personaId", "filename", "version", "memoryId" };

    public static void Declare(EndpointBuilder endpoint)
    {
        var metadata = endpoint.Metadata;
        var routeParameters = (endpoint as RouteEndpointBuilder)?.RoutePattern.Parameters.Select(p => p.Name).ToList() ?? [];
        var takesBody = metadata.OfType<IAcceptsMetadata>().Any();
        var statuses = new SortedSet<int>
        {
            StatusCodes.Status401Unauthorized,
            StatusCodes.Status403Forbidden,
            StatusCodes.Status429TooManyRequests,
            StatusCodes.Status500InternalServerError,
            StatusCodes.Status503ServiceUnavailable,
            StatusCodes.Status504GatewayTimeout,
        };
        if (routeParameters.Count > 0 || takesBody || metadata.OfType<ApiQueryMetadata>().Any())
        {
            statuses.Add(StatusCodes.Status400BadRequest);
        }

        if (routeParameters.Any(MustExist.Contains))
        {
            statuses.Add(StatusCodes.Status404NotFound);
        }

        // A module's route answers 404 module_disabled while the module is off (docs/MODULES.md).
        if (metadata.OfType<ModuleRouteMetadata>().Any())
        {
            statuses.Add(StatusCodes.Status404NotFound);
        }

        if (takesBody)
        {
            statuses.Add(StatusCodes.Status413PayloadTooLarge);
            statuses.Add(StatusCodes.Status415UnsupportedMediaType);
        }

        statuses.UnionWith(metadata.OfType<ApiErrorStatusMetadata>().SelectMany(m => m.Statuses));
        var declared = metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).ToHashSet();
        foreach (var status in statuses.Where(s => !declared.Contains(s)))
        {
            metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ApiError), [ApiContentTypes.Json]));
        }
    }
}

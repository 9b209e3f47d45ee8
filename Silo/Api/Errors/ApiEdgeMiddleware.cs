using ChatDb.Silo.Api.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ChatDb.Silo.Api.Errors;

/// <summary>
/// Runs in front of routing (see <see cref="ApiStartupFilter"/>) and does two things for the API:
/// <list type="bullet">
/// <item>Kestrel decodes <c>%2e%2e</c> to <c>..</c> and then removes dot segments, so <c>/users/%2e%2e</c>
/// would reach routing as <c>/</c>, and <c>/users/x/%2e%2e/%2e%2e/personas/p</c> as another route. The raw
/// request target is checked first: a segment that is, or decodes to, <c>.</c> or <c>..</c> is a 400.
/// No ChatDb URL has one.</item>
/// <item>Routing answers an unknown route (404), a wrong method (405) or a content type the route does
/// not accept (415) with an empty body; under the API's paths those get the API's error body too.</item>
/// </list>
/// </summary>
internal sealed class ApiEdgeMiddleware(RequestDelegate next, ILogger<ApiEdgeMiddleware> logger)
{
    private static readonly string[] ApiPrefixes = ["/users", "/panels", "/personas", "/health"];

    public async Task InvokeAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (rawTarget is not null && HasDotSegment(rawTarget))
        {
            ApiLog.HostileRequestTarget(logger, rawTarget);
            var error = new ApiError(ApiErrorKinds.Validation,
                "The request path has a segment that is or decodes to '.' or '..' (rule: no-dot-segment); ids never are.");
            await ApiResults.Error(StatusCodes.Status400BadRequest, error).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);

        if (!context.Response.HasStarted && context.Response.ContentLength is null && IsApiPath(context.Request.Path)
            && EmptyRoutingAnswer(context) is { } answer)
        {
            await ApiResults.Error(context.Response.StatusCode, answer).ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    internal static bool HasDotSegment(string rawTarget)
    {
        var end = rawTarget.AsSpan().IndexOfAny('?', '#');
        var path = end < 0 ? rawTarget : rawTarget[..end];
        foreach (var segment in path.Split('/'))
        {
            // The longest spelling of ".." is "%2e%2e"; longer segments cannot decode to a dot segment.
            if (segment.Length is > 0 and <= 6 && Uri.UnescapeDataString(segment) is "." or "..")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsApiPath(PathString path) =>
        ApiPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    private static ApiError? EmptyRoutingAnswer(HttpContext context)
    {
        var request = context.Request;
        return context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => new ApiError(ApiErrorKinds.NotFound, $"No route matches {request.Method} {request.Path}."),
            StatusCodes.Status405MethodNotAllowed => new ApiError(ApiErrorKinds.Validation, $"{request.Path} does not accept {request.Method}."),
            StatusCodes.Status415UnsupportedMediaType => new ApiError(ApiErrorKinds.UnsupportedMediaType,
                $"{request.Method} {request.Path} does not accept a body of type {request.ContentType ?? "(none)"}; send application/json."),
            _ => null,
        };
    }
}

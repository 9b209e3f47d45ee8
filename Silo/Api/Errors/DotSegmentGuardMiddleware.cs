using ChatDb.Silo.Api.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ChatDb.Silo.Api.Errors;

/// <summary>
/// Kestrel decodes <c>%2e%2e</c> to <c>..</c> and then removes dot segments, so <c>/users/%2e%2e</c>
/// would reach routing as <c>/</c> and <c>/users/x/%2e%2e/personas/p</c> as another route. This
/// middleware looks at the raw request target first and refuses any path with a segment that is, or
/// decodes to, <c>.</c> or <c>..</c>: no legitimate ChatDb URL has one.
/// </summary>
internal sealed class DotSegmentGuardMiddleware(RequestDelegate next, ILogger<DotSegmentGuardMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (rawTarget is not null && HasDotSegment(rawTarget))
        {
            ApiLog.HostileRequestTarget(logger, rawTarget);
            var error = new ApiError(ApiErrorKinds.Validation,
                "The request path has a segment that is or decodes to '.' or '..' (rule: no-dot-segment); ids never are.");
            return ApiResults.Error(StatusCodes.Status400BadRequest, error).ExecuteAsync(context);
        }

        return next(context);
    }

    internal static bool HasDotSegment(string rawTarget)
    {
        var end = rawTarget.AsSpan().IndexOfAny('?', '#');
        var path = end < 0 ? rawTarget : rawTarget[..end];
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment.Length > 12)
            {
                continue;
            }

            var decoded = Uri.UnescapeDataString(segment);
            if (decoded is "." or "..")
            {
                return true;
            }
        }

        return false;
    }
}

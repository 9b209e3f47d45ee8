using System.Globalization;
using ChatDb.Silo.Api.Errors;
using ChatDb.Silo.Api.Http;

namespace ChatDb.Silo.Auth;

/// <summary>
/// Answers 429 with <c>Retry-After</c> (whole seconds) and <c>{"error": "rate_limited", ...}</c> naming the key and its
/// limit when <see cref="ApiRateLimiter"/> refuses a request. An endpoint filter on the API group, so it runs after
/// authentication and authorization: the key is known, and a refused key is never counted.
/// </summary>
internal sealed class ApiRateLimitFilter(ApiRateLimiter limiter, ILogger<ApiRateLimitFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (limiter.TryAcquire(http) is not { } refused)
        {
            return await next(context).ConfigureAwait(false);
        }

        AuthLog.RateLimited(logger, refused.Who, http.Request.Method, http.Request.Path, refused.RetryAfterSeconds);
        http.Response.Headers.RetryAfter = refused.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var message = $"{refused.Who} is over its rate limit of {refused.Rate}{(limiter.SharesAcrossSilos ? " on this silo, its share of the cluster's limit" : string.Empty)} ({ChatDbAuthOptions.SectionName}:{nameof(ChatDbAuthOptions.RateLimit)}); "
            + $"retry after {refused.RetryAfterSeconds} s.";
        return ApiResults.Error(StatusCodes.Status429TooManyRequests, new ApiError(ApiErrorKinds.RateLimited, message));
    }
}

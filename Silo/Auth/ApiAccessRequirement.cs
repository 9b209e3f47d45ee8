using Microsoft.AspNetCore.Authorization;

namespace ChatDb.Silo.Auth;

/// <summary>The one rule of the REST API: who may call the endpoint being routed to.</summary>
internal sealed class ApiAccessRequirement : IAuthorizationRequirement
{
    public const string PolicyName = "ChatDb.ApiAccess";

    public static ApiAccessRequirement Instance { get; } = new();
}

/// <summary>
/// Decides <see cref="ApiAccessRequirement"/>: with no keys configured, loopback connections may do
/// anything and others nothing; otherwise an <c>admin</c> key may do anything, and a <c>user:{u}</c> key
/// may call a <see cref="UserScopedRoute"/> endpoint whose route value is exactly <c>u</c>. The value is
/// the one routing bound (decoded once, after Kestrel removed dot segments), which is also the value the
/// handler reads, so no spelling of the path can make the two disagree.
/// </summary>
internal sealed class ApiAccessHandler(ApiKeyRing keys, ILogger<ApiAccessHandler> logger) : AuthorizationHandler<ApiAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiAccessRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        if (keys.IsEmpty)
        {
            if (http is null || IsLocal(http.Connection))
            {
                context.Succeed(requirement);
            }
            else
            {
                AuthLog.NonLoopbackWithoutKeys(logger, http.Request.Method, http.Request.Path, http.Connection.RemoteIpAddress?.ToString() ?? "?");
            }

            return Task.CompletedTask;
        }

        if (context.User.Identity is not { IsAuthenticated: true, AuthenticationType: ApiKeyAuthenticationHandler.SchemeName }
            || context.User.FindFirst(ApiKeyAuthenticationHandler.ScopeClaim)?.Value is not { } scopeText
            || !ApiScope.TryParse(scopeText, out var scope, out _))
        {
            return Task.CompletedTask;
        }

        if (scope.IsAdmin || (http is not null && MayReach(scope.UserId!, http)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    /// <summary>Whether a key of scope <c>user:{userId}</c> may call the endpoint <paramref name="http"/> is routed to.</summary>
    internal static bool MayReach(string userId, HttpContext http) =>
        http.GetEndpoint()?.Metadata is { } metadata
        && metadata.GetMetadata<AdminOnlyRoute>() is null
        && metadata.GetMetadata<UserScopedRoute>() is { } route
        && http.GetRouteValue(route.RouteParameter) is string routeUser
        && string.Equals(routeUser, userId, StringComparison.Ordinal);

    /// <summary>A connection that arrived on a loopback address, or on none (a Unix socket, an in-memory test server).</summary>
    internal static bool IsLocal(ConnectionInfo connection) =>
        connection.LocalIpAddress is not { } local || ExposureRule.IsLoopback(local);
}

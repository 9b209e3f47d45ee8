namespace ChatDb.Silo.Auth;

public static class ChatDbAuthEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Applies the REST API's access rule to these endpoints explicitly (not only as the fallback), so that a
    /// host missing the authorization middleware fails on the first request instead of serving it.
    /// </summary>
    public static TBuilder RequireApiAccess<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ApiAccessRequirement.PolicyName);

    /// <summary>
    /// Lets a <c>user:{u}</c> key call these endpoints when their route value <paramref name="routeParameter"/>
    /// is exactly <c>u</c> (admin keys always may). Only for routes whose handler takes the user from that route
    /// value and from nowhere else.
    /// </summary>
    public static TBuilder RequireUserScope<TBuilder>(this TBuilder builder, string routeParameter = UserScopedRoute.DefaultRouteParameter)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(routeParameter);
        var marker = routeParameter == UserScopedRoute.DefaultRouteParameter ? UserScopedRoute.Default : new UserScopedRoute(routeParameter);
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && route.RoutePattern.GetParameter(routeParameter) is null)
            {
                throw new InvalidOperationException(
                    $"Route {route.RoutePattern.RawText} is marked user-scoped by '{{{routeParameter}}}' but has no such route parameter.");
            }

            endpoint.Metadata.Add(marker);
        });
        return builder;
    }

    /// <summary>
    /// Only <c>admin</c> keys may call these endpoints, though their path is under a user (<see cref="AdminOnlyRoute"/>);
    /// a <c>user:{u}</c> key gets 403 even for its own user.
    /// </summary>
    public static TBuilder RequireAdminScope<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(endpoint => endpoint.Metadata.Add(AdminOnlyRoute.Instance));
        return builder;
    }
}

namespace ChatDb.Silo.Auth;

/// <summary>
/// Endpoint metadata: a key with scope <c>user:{u}</c> may call this route when the route value
/// <see cref="RouteParameter"/> is exactly <c>u</c>. A route without it is for <c>admin</c> keys only, so a
/// route added later is closed until it says otherwise. Put it only on routes whose handler reads the
/// user from that route value, and nothing else that could name another user.
/// </summary>
public sealed class UserScopedRoute(string routeParameter)
{
    public const string DefaultRouteParameter = "userId";

    public static UserScopedRoute Default { get; } = new(DefaultRouteParameter);

    public string RouteParameter { get; } = routeParameter;
}

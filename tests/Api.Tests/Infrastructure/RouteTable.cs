using ChatDb.Silo.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace ChatDb.Api.Tests.Infrastructure;

/// <summary>One method of one route of the running app, read from its endpoint data sources.</summary>
internal sealed record ApiRoute(string Method, RoutePattern Pattern, bool IsUserScoped, bool AllowsAnonymous)
{
    /// <summary>Marked admin-only (<see cref="AdminOnlyRoute"/>) though its path may be under a user.</summary>
    public bool IsAdminOnly { get; init; }

    /// <summary>A sample value for every route parameter; a route with a parameter not listed here fails the tests until one is added.</summary>
    private static readonly Dictionary<string, string> Samples = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sessionId"] = IdRoute.ValidSession,
        ["panelId"] = IdRoute.ValidPanel,
        ["personaId"] = IdRoute.ValidPersona,
        ["filename"] = IdRoute.ValidFile,
        ["version"] = "1",
        ["documentName"] = "v1",
        ["seq"] = "1",
        ["agentId"] = "planner",
        ["runId"] = ChatDb.Silo.Api.OpenApi.ApiPathParameters.RunIdExample,
        ["memoryId"] = IdRoute.ValidMemory,
    };

    public bool HasUserParameter => Pattern.GetParameter(UserScopedRoute.DefaultRouteParameter) is not null;

    public bool IsEventStream => Pattern.RawText?.EndsWith("/events", StringComparison.Ordinal) == true;

    public bool SendsBody => Method is "POST" or "PUT" or "PATCH";

    /// <summary>The request path with <paramref name="encodedUserId"/> (already percent-encoded as wanted) as the user and samples elsewhere.</summary>
    public string Path(string encodedUserId)
    {
        var segments = Pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart { Name: UserScopedRoute.DefaultRouteParameter } => encodedUserId,
            RoutePatternParameterPart parameter => Samples.TryGetValue(parameter.Name, out var sample)
                ? Uri.EscapeDataString(sample)
                : throw new InvalidOperationException($"Route {Pattern.RawText} has parameter '{parameter.Name}' with no sample value; add one to {nameof(ApiRoute)}.{nameof(Samples)}."),
            _ => throw new InvalidOperationException($"Route {Pattern.RawText}: unexpected part {part}."),
        })));
        return "/" + string.Join('/', segments);
    }

    public override string ToString() => $"{Method} {Pattern.RawText}";

    public static IReadOnlyList<ApiRoute> Of(ApiServer server) =>
        [.. server.Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new ApiRoute(
                method,
                endpoint.RoutePattern,
                endpoint.Metadata.GetMetadata<UserScopedRoute>() is not null,
                endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) { IsAdminOnly = endpoint.Metadata.GetMetadata<AdminOnlyRoute>() is not null }))
            .OrderBy(route => route.Pattern.RawText, StringComparer.Ordinal).ThenBy(route => route.Method, StringComparer.Ordinal)];
}

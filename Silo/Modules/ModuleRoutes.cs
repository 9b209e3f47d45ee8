using ChatDb.Grains.Modules;

namespace ChatDb.Silo.Modules;

/// <summary>
/// Which module a REST route belongs to: the module whose route prefix (<see cref="ChatModule.Routes"/>) matches the most
/// of the route's pattern, segment by segment. Routes no prefix matches are the core's.
/// </summary>
public static class ModuleRoutes
{
    /// <summary>The module of the route <paramref name="pattern"/> (as written, e.g. <c>/users/{userId}/memories/{memoryId}</c>), or null for the core.</summary>
    public static string? ModuleOf(string pattern, IEnumerable<ChatModule> modules)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(modules);
        var route = Normalize(pattern);
        string? best = null;
        var bestLength = -1;
        foreach (var module in modules)
        {
            foreach (var prefix in module.Routes.Select(Normalize))
            {
                var matches = route.Equals(prefix, StringComparison.Ordinal) || route.StartsWith(prefix + "/", StringComparison.Ordinal);
                if (matches && prefix.Length > bestLength)
                {
                    best = module.Name;
                    bestLength = prefix.Length;
                }
            }
        }

        return best;
    }

    /// <summary>
    /// A convention for the API's route group: tags each endpoint of a module with <see cref="ModuleRouteMetadata"/>, which
    /// the gate (<see cref="ModuleGateFilter"/>) and the OpenAPI document read.
    /// </summary>
    public static void Tag(EndpointBuilder endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } pattern }
            && endpoint.ApplicationServices.GetService<ChatModuleSet>() is { } modules
            && ModuleOf(pattern, modules.All) is { } module)
        {
            endpoint.Metadata.Add(new ModuleRouteMetadata(module));
        }
    }

    // Group prefixes leave a trailing slash on their root route ("/users/{userId}/memories/").
    private static string Normalize(string pattern) => "/" + pattern.Trim('/');
}

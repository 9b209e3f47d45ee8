using ChatDb.Grains.Modules;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatDb.Silo.Modules;

/// <summary>
/// One ASP.NET Core health check per module, tagged <see cref="Tag"/> and named after the module, and the report of the
/// enabled ones that <c>/health</c> and <c>GET /modules</c> show.
/// </summary>
public static class ModuleHealth
{
    public const string Tag = "module";

    /// <summary>Registers the nine built-in module health checks (a second call does nothing).</summary>
    public static IServiceCollection AddChatDbModuleHealthChecks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ModuleHealthMarker)))
        {
            return services;
        }

        services.AddSingleton<ModuleHealthMarker>();
        foreach (var module in ChatModuleNames.All)
        {
            services.AddChatDbModuleHealthCheck(module);
        }

        return services;
    }

    /// <summary>Registers the health check of one module, e.g. a plugin's (docs/MODULES.md, "Plugins").</summary>
    public static IServiceCollection AddChatDbModuleHealthCheck(this IServiceCollection services, string module)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(module);
        services.AddHealthChecks()
            .Add(new HealthCheckRegistration(module, provider => new ModuleHealthCheck(module, provider), HealthStatus.Unhealthy, [Tag]));
        return services;
    }

    /// <summary>
    /// The status of every enabled module (<c>healthy</c>, <c>degraded</c>, <c>unhealthy</c>) by name; empty when the host
    /// registers no modules or no health checks.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> CheckEnabledAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.GetService<HealthCheckService>() is not { } health || services.GetService<ChatModuleSet>() is not { } modules)
        {
            return new Dictionary<string, string>();
        }

        var report = await health.CheckHealthAsync(r => r.Tags.Contains(Tag) && modules.IsEnabled(r.Name), cancellationToken).ConfigureAwait(false);
        return report.Entries.ToDictionary(e => e.Key, e => StatusName(e.Value.Status), StringComparer.Ordinal);
    }

    public static string StatusName(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };

    private sealed class ModuleHealthMarker;
}

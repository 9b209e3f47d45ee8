using ChatDb.Grains.Modules;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatDb.Silo.Modules;

/// <summary>
/// The health of one module: healthy when it is registered and every service it needs (<see cref="ChatModule.Services"/>)
/// resolves; unhealthy naming the first that does not. A module that is off is not checked (<c>/health</c> leaves it out).
/// </summary>
internal sealed class ModuleHealthCheck(string module, IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var descriptor = services.GetService<ChatModuleSet>()?.All.FirstOrDefault(m => m.Name == module);
        if (descriptor is null)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The {module} module is not registered in this silo."));
        }

        foreach (var service in descriptor.Services)
        {
            if (services.GetService(service) is null)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy($"The {module} module needs {service.Name}, which is not registered."));
            }
        }

        return Task.FromResult(HealthCheckResult.Healthy());
    }
}

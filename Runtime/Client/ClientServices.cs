using ChatDb.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatDb.Runtime.Client;

/// <summary>The services of a cluster client, shared by <see cref="ClientBuilder"/> and the hosted variant.</summary>
internal static class ClientServices
{
    public static void AddClusterClient(IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(ClusterClient)))
        {
            throw new InvalidOperationException("A cluster client is already registered in these services (UseChatDbClient called twice?).");
        }

        services.AddOptions<ClusterClientOptions>().Bind(configuration.GetSection(ClusterClientOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterClientOptions>, ClusterClientOptionsValidator>());
        services.AddGrainSerializer();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RemoteExceptionFactory>();
        services.TryAddSingleton<IGatewayListProvider, ConfiguredGatewayListProvider>();
        services.AddSingleton(sp => new ClusterClient(
            sp.GetRequiredService<IOptions<ClusterClientOptions>>(),
            sp.GetRequiredService<Networking.GrainJsonSerializer>(),
            sp.GetRequiredService<RemoteExceptionFactory>(),
            sp.GetRequiredService<IGatewayListProvider>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ClusterClient>>()));
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<ClusterClient>());
    }
}

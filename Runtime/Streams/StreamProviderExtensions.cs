using ChatDb.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Runtime.Streams;

/// <summary>Finding a stream provider by name: <c>this.GetStreamProvider("chat")</c> in a grain, or from a silo's services.</summary>
public static class StreamProviderExtensions
{
    /// <exception cref="ConfigurationError">No stream provider of that name is registered.</exception>
    public static IStreamProvider GetStreamProvider(this Grain grain, string name)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.Activation.Catalog.Services.GetStreamProvider(name);
    }

    /// <exception cref="ConfigurationError">No stream provider of that name is registered.</exception>
    public static IStreamProvider GetStreamProvider(this IServiceProvider services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return services.GetKeyedService<IStreamProvider>(name)
            ?? throw new ConfigurationError($"No stream provider named '{name}' is registered; add it with AddMemoryStreams(\"{name}\") or AddPersistentStreams(\"{name}\").");
    }
}

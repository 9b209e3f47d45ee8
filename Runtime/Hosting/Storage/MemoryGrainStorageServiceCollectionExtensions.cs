using ChatDb.Runtime.Storage;
using ChatDb.Runtime.Storage.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatDb.Runtime.Hosting;

/// <summary>Registration of <see cref="MemoryGrainStorage"/> (Orleans' <c>MemoryGrainStorageSiloBuilderExtensions</c>).</summary>
public static class MemoryGrainStorageServiceCollectionExtensions
{
    /// <summary>Registers a memory grain state provider as the default provider.</summary>
    public static IServiceCollection AddMemoryGrainStorageAsDefault(this IServiceCollection services, Action<OptionsBuilder<MemoryGrainStorageOptions>>? configure = null) =>
        services.AddMemoryGrainStorage(StorageProviderNames.Default, configure);

    /// <summary>Registers a memory grain state provider under <paramref name="name"/>.</summary>
    public static IServiceCollection AddMemoryGrainStorage(this IServiceCollection services, string name, Action<OptionsBuilder<MemoryGrainStorageOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var options = services.AddOptions<MemoryGrainStorageOptions>(name);
        configure?.Invoke(options);
        return services.AddGrainStorage(name, static (provider, name) => new MemoryGrainStorage(
            name,
            provider.GetRequiredService<IOptionsMonitor<MemoryGrainStorageOptions>>().Get(name),
            provider.GetService<ILogger<MemoryGrainStorage>>()));
    }
}

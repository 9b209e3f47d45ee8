using ChatDb.Runtime.Storage;
using ChatDb.Runtime.Storage.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatDb.Runtime.Hosting;

/// <summary>Registration of <see cref="MemoryGrainLogStorage"/>.</summary>
public static class MemoryGrainLogStorageServiceCollectionExtensions
{
    /// <summary>Registers a memory grain log provider as the default log provider.</summary>
    public static IServiceCollection AddMemoryGrainLogStorageAsDefault(this IServiceCollection services, Action<OptionsBuilder<MemoryGrainLogStorageOptions>>? configure = null) =>
        services.AddMemoryGrainLogStorage(StorageProviderNames.Default, configure);

    /// <summary>Registers a memory grain log provider under <paramref name="name"/>.</summary>
    public static IServiceCollection AddMemoryGrainLogStorage(this IServiceCollection services, string name, Action<OptionsBuilder<MemoryGrainLogStorageOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var options = services.AddOptions<MemoryGrainLogStorageOptions>(name);
        configure?.Invoke(options);
        return services.AddGrainLogStorage(name, static (provider, name) => new MemoryGrainLogStorage(
            name,
            provider.GetRequiredService<IOptionsMonitor<MemoryGrainLogStorageOptions>>().Get(name),
            provider.GetService<ILogger<MemoryGrainLogStorage>>()));
    }
}

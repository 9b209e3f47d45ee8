using ChatDb.Runtime.Storage;
using ChatDb.Runtime.Storage.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Runtime.Hosting;

/// <summary>Registration of <see cref="MemoryGrainFileStorage"/>.</summary>
public static class MemoryGrainFileStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers a memory grain file storage provider as the default: under <see cref="StorageProviderNames.Default"/>
    /// and as the unkeyed <see cref="IGrainFileStorage"/>.
    /// </summary>
    public static IServiceCollection AddMemoryGrainFileStorageAsDefault(this IServiceCollection services) =>
        services.AddMemoryGrainFileStorage(StorageProviderNames.Default).AddDefaultGrainFileStorage(StorageProviderNames.Default);

    /// <summary>Registers a memory grain file storage provider under <paramref name="name"/>.</summary>
    public static IServiceCollection AddMemoryGrainFileStorage(this IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return services.AddGrainFileStorage(name, static (provider, _) =>
            new MemoryGrainFileStorage(provider.GetService<TimeProvider>() ?? TimeProvider.System));
    }
}

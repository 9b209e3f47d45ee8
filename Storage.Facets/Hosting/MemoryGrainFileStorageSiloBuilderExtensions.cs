using ChatDb.Storage.Memory;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Providers;

namespace ChatDb.Storage.Hosting;

/// <summary>
/// Registers <see cref="MemoryGrainFileStorage"/>, the file facet's provider for tests. It has no options:
/// its only dependency, the clock, is the silo's <see cref="TimeProvider"/>, so a fake clock drives it too.
/// </summary>
public static class MemoryGrainFileStorageSiloBuilderExtensions
{
    /// <summary>The memory file storage under the default name, injected with <c>[FromKeyedServices("Default")]</c>.</summary>
    public static ISiloBuilder AddMemoryGrainFileStorageAsDefault(this ISiloBuilder builder) =>
        builder.AddMemoryGrainFileStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    /// <summary>The memory file storage under <paramref name="name"/>.</summary>
    public static ISiloBuilder AddMemoryGrainFileStorage(this ISiloBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.Services.AddGrainFileStorage(name, static (services, providerName) =>
            new MemoryGrainFileStorage(providerName, services.GetService<TimeProvider>()));
        return builder;
    }
}

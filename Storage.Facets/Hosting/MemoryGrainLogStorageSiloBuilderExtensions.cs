using ChatDb.Storage.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Providers;

namespace ChatDb.Storage.Hosting;

/// <summary>Registers <see cref="MemoryGrainLogStorage"/>, the provider of <c>[PersistentLog]</c> for tests.</summary>
public static class MemoryGrainLogStorageSiloBuilderExtensions
{
    /// <summary>The memory log storage as the default provider (<c>[PersistentLog]</c> without a storage name).</summary>
    public static ISiloBuilder AddMemoryGrainLogStorageAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<MemoryGrainLogStorageOptions>>? configure = null) =>
        builder.AddMemoryGrainLogStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>The memory log storage under <paramref name="name"/>, with options of that name.</summary>
    public static ISiloBuilder AddMemoryGrainLogStorage(this ISiloBuilder builder, string name, Action<OptionsBuilder<MemoryGrainLogStorageOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        configure?.Invoke(builder.Services.AddOptions<MemoryGrainLogStorageOptions>(name));
        builder.Services.AddGrainLogStorage(name, static (services, providerName) => new MemoryGrainLogStorage(
            providerName,
            services.GetRequiredService<IOptionsMonitor<MemoryGrainLogStorageOptions>>().Get(providerName),
            services.GetService<ILogger<MemoryGrainLogStorage>>()));
        return builder;
    }
}

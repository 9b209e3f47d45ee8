using ChatDb.Storage.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;

namespace ChatDb.Storage.Hosting;

/// <summary>
/// Registers <see cref="MemoryGrainStateStorage"/> as an Orleans grain storage. Named apart from Orleans'
/// own <c>AddMemoryGrainStorage</c> (another provider, see the type's remarks) so both can be in scope.
/// </summary>
public static class MemoryGrainStateStorageSiloBuilderExtensions
{
    /// <summary>The memory state storage as the default provider (<c>[PersistentState]</c> without a storage name).</summary>
    public static ISiloBuilder AddMemoryGrainStateStorageAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<MemoryGrainStateStorageOptions>>? configure = null) =>
        builder.AddMemoryGrainStateStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>The memory state storage under <paramref name="name"/>, with options of that name.</summary>
    public static ISiloBuilder AddMemoryGrainStateStorage(this ISiloBuilder builder, string name, Action<OptionsBuilder<MemoryGrainStateStorageOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        configure?.Invoke(builder.Services.AddOptions<MemoryGrainStateStorageOptions>(name));
        builder.Services.AddStorageFacets();
        builder.Services.AddGrainStorage(name, static (services, providerName) => new MemoryGrainStateStorage(
            providerName,
            services.GetRequiredService<IOptionsMonitor<MemoryGrainStateStorageOptions>>().Get(providerName),
            services.GetService<ILogger<MemoryGrainStateStorage>>()));
        return builder;
    }
}

using ChatDb.Storage.Flatfile.Hosting;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.OrleansProviders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace ChatDb.Storage.Hosting;

/// <summary>
/// Registers the flatfile providers on an Orleans silo (Orleans' <c>AddXxxGrainStorage</c> shape): under one
/// name the state provider (<see cref="IGrainStorage"/>, with Orleans' <c>AddGrainStorage</c>), the log
/// provider of <c>[PersistentLog]</c> and the file provider. All names share the process's one data directory,
/// configured by the <c>Storage</c> section (<see cref="FlatfileStorageOptions"/>), validated at start-up and
/// opened by a silo lifecycle participant before grains activate.
/// </summary>
public static class FlatfileGrainStorageSiloBuilderExtensions
{
    /// <summary>The flatfile providers under the default name (<c>[PersistentState]</c>, <c>[PersistentLog]</c> without a storage name).</summary>
    public static ISiloBuilder AddFlatfileGrainStorageAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<FlatfileStorageOptions>>? configure = null) =>
        builder.AddFlatfileGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>
    /// Registers the flatfile state, log and file providers under <paramref name="name"/>.
    /// <paramref name="configure"/> adjusts the shared <see cref="FlatfileStorageOptions"/> after they are
    /// bound from configuration (one data directory per process, so the options are not per name).
    /// </summary>
    /// <exception cref="ConfigurationError">A state provider is already registered under <paramref name="name"/>.</exception>
    public static ISiloBuilder AddFlatfileGrainStorage(this ISiloBuilder builder, string name, Action<OptionsBuilder<FlatfileStorageOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var services = builder.Services;

        // Orleans' AddGrainStorage lets a second registration replace the first without a word.
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, name)))
        {
            throw new ConfigurationError($"A grain storage named '{name}' is already registered; each provider name may be used once.");
        }

        if (FlatfileSharedServices.TryAdd(services, builder.Configuration))
        {
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, FlatfileDataDirectoryLifecycle>();
        }

        configure?.Invoke(services.AddOptions<FlatfileStorageOptions>());
        services.AddGrainStorage(name, static (provider, providerName) =>
            new OrleansFlatfileGrainStorage(FlatfileProviderFactories.CreateGrainStorage(provider, providerName)));
        services.AddGrainLogStorage(name, static (provider, providerName) =>
            new OrleansFlatfileGrainLogStorage(FlatfileProviderFactories.CreateLogStorage(provider, providerName)));
        services.AddGrainFileStorage(name, static (provider, providerName) =>
            new OrleansFlatfileGrainFileStorage(FlatfileProviderFactories.CreateFileStorage(provider, providerName)));
        return builder;
    }
}

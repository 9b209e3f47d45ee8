using ChatDb.Storage.Flatfile.Hosting;
using ChatDb.Storage.Flatfile.Options;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace ChatDb.Storage.Hosting;

/// <summary>
/// Registers the flatfile providers on an Orleans silo (Orleans' <c>AddXxxGrainStorage</c> shape): under one
/// name the state provider (<see cref="IGrainStorage"/>, with Orleans' <c>AddGrainStorage</c>), the log provider
/// of <c>[PersistentLog]</c> and the file provider, over one data directory configured by that name's
/// <see cref="FlatfileStorageOptions"/>: bound from the <c>Storage</c> section, then adjusted by
/// <c>configure</c>, validated at start-up, opened by a silo lifecycle participant before grains activate.
/// </summary>
public static class FlatfileGrainStorageSiloBuilderExtensions
{
    /// <summary>
    /// The flatfile providers under the default name (<c>[PersistentState]</c>, <c>[PersistentLog]</c> without a
    /// storage name, <c>[FromKeyedServices("Default")] IGrainFileStorage</c>); its directory is the chat layout
    /// the grains' session listing, archives and retention work on.
    /// </summary>
    public static ISiloBuilder AddFlatfileGrainStorageAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<FlatfileStorageOptions>>? configure = null) =>
        builder.AddFlatfileGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>
    /// Registers the flatfile state, log and file providers under <paramref name="name"/>, with options of that
    /// name. Each name needs its own data directory (<c>StorageBasePath</c>); two names over one directory fail
    /// the silo's start naming both.
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

        var options = FlatfileStorageServices.Add(services, builder.Configuration, name);
        configure?.Invoke(options);
        services.AddGrainStorage(name, FlatfileProviderFactories.CreateGrainStorage);
        services.AddGrainLogStorage(name, FlatfileProviderFactories.CreateLogStorage);
        services.AddGrainFileStorage(name, FlatfileProviderFactories.CreateFileStorage);
        return builder;
    }
}

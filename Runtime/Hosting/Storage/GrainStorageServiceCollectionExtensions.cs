using ChatDb.Runtime.Storage;
using ChatDb.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Runtime.Hosting;

/// <summary>
/// Registers storage providers as keyed singletons, the key being the provider name that
/// <see cref="PersistentStateAttribute"/> and <see cref="PersistentLogAttribute"/> refer to
/// (Orleans' <c>AddGrainStorage(name, factory)</c>). Every provider's <c>Add...</c> method ends here.
/// </summary>
public static class GrainStorageServiceCollectionExtensions
{
    /// <summary>Registers a grain state provider under <paramref name="name"/>.</summary>
    /// <exception cref="ConfigurationError">A grain state provider is already registered under that name.</exception>
    public static IServiceCollection AddGrainStorage(this IServiceCollection services, string name, Func<IServiceProvider, string, IGrainStorage> factory) =>
        AddProvider(services, name, factory, "grain storage");

    /// <summary>Registers a grain log provider under <paramref name="name"/>.</summary>
    /// <exception cref="ConfigurationError">A grain log provider is already registered under that name.</exception>
    public static IServiceCollection AddGrainLogStorage(this IServiceCollection services, string name, Func<IServiceProvider, string, IGrainLogStorage> factory) =>
        AddProvider(services, name, factory, "grain log storage");

    /// <summary>Registers a grain file storage provider under <paramref name="name"/>.</summary>
    /// <exception cref="ConfigurationError">A grain file storage provider is already registered under that name.</exception>
    public static IServiceCollection AddGrainFileStorage(this IServiceCollection services, string name, Func<IServiceProvider, string, IGrainFileStorage> factory) =>
        AddProvider(services, name, factory, "grain file storage");

    /// <summary>
    /// Makes the grain file storage provider named <paramref name="name"/> also the one resolved without a
    /// key, so grains can take <see cref="IGrainFileStorage"/> as a plain constructor parameter.
    /// </summary>
    public static IServiceCollection AddDefaultGrainFileStorage(this IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        services.AddSingleton(provider => provider.GetRequiredKeyedService<IGrainFileStorage>(name));
        return services;
    }

    private static IServiceCollection AddProvider<TService>(IServiceCollection services, string name, Func<IServiceProvider, string, TService> factory, string kind)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(factory);

        // Two registrations under one name would silently leave only the last one in effect.
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(TService) && Equals(d.ServiceKey, name)))
        {
            throw new ConfigurationError(
                $"A {kind} provider named '{name}' is already registered; each provider name may be registered once "
                + $"(the default provider is named '{StorageProviderNames.Default}').");
        }

        services.AddKeyedSingleton<TService>(name, (provider, _) => factory(provider, name));
        return services;
    }
}

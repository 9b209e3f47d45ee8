using ChatDb.Storage.Files;
using ChatDb.Storage.Logs;
using ChatDb.Storage.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans;
using Orleans.Runtime;

namespace ChatDb.Storage.Hosting;

/// <summary>
/// Registration of the facets and of their providers, in the shape of Orleans' <c>AddGrainStorage</c>: a
/// provider is a keyed singleton under its name, and joins the silo lifecycle when it implements
/// <see cref="ILifecycleParticipant{ISiloLifecycle}"/> (to open and close what it stores in).
/// </summary>
public static class StorageFacetsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the mappers of <see cref="PersistentLogAttribute"/> and <see cref="LazyPersistentStateAttribute"/>,
    /// once however often it is called. Every provider registration below calls it; a silo whose only state
    /// provider is registered through Orleans' own <c>AddGrainStorage</c> calls it to use lazy state.
    /// </summary>
    public static IServiceCollection AddStorageFacets(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IAttributeToFactoryMapper<PersistentLogAttribute>, PersistentLogAttributeMapper>();
        services.TryAddSingleton<IAttributeToFactoryMapper<LazyPersistentStateAttribute>, LazyPersistentStateAttributeMapper>();
        return services;
    }

    /// <summary>Adds an <see cref="IGrainLogStorage"/> named <paramref name="name"/>, the one <c>[PersistentLog(..., name)]</c> resolves.</summary>
    public static IServiceCollection AddGrainLogStorage<T>(this IServiceCollection services, string name, Func<IServiceProvider, string, T> implementationFactory)
        where T : IGrainLogStorage =>
        services.AddNamedProvider<IGrainLogStorage, T>(name, implementationFactory);

    /// <summary>Adds an <see cref="IGrainFileStorage"/> named <paramref name="name"/>, injected with <c>[FromKeyedServices(name)]</c>.</summary>
    public static IServiceCollection AddGrainFileStorage<T>(this IServiceCollection services, string name, Func<IServiceProvider, string, T> implementationFactory)
        where T : IGrainFileStorage =>
        services.AddNamedProvider<IGrainFileStorage, T>(name, implementationFactory);

    private static IServiceCollection AddNamedProvider<TService, T>(this IServiceCollection services, string name, Func<IServiceProvider, string, T> implementationFactory)
        where TService : class
        where T : TService
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(implementationFactory);
        services.AddStorageFacets();
        services.AddKeyedSingleton<TService>(name, (provider, key) => implementationFactory(provider, (string)key!));
        if (typeof(ILifecycleParticipant<ISiloLifecycle>).IsAssignableFrom(typeof(T)))
        {
            services.AddSingleton(provider => (ILifecycleParticipant<ISiloLifecycle>)provider.GetRequiredKeyedService<TService>(name));
        }

        return services;
    }
}

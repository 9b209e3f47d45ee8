using ChatDb.Storage.Diagnostics;
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

    /// <summary>
    /// Adds an <see cref="IGrainLogStorage"/> named <paramref name="name"/>, the one <c>[PersistentLog(..., name)]</c>
    /// resolves, behind a <see cref="MeasuredGrainLogStorage"/>: the only place log operations are measured.
    /// </summary>
    public static IServiceCollection AddGrainLogStorage<T>(this IServiceCollection services, string name, Func<IServiceProvider, string, T> implementationFactory)
        where T : class, IGrainLogStorage =>
        services.AddNamedProvider<IGrainLogStorage, T>(name, implementationFactory, static (key, inner) => new MeasuredGrainLogStorage(key, inner));

    /// <summary>
    /// Adds an <see cref="IGrainFileStorage"/> named <paramref name="name"/>, injected with <c>[FromKeyedServices(name)]</c>,
    /// behind a <see cref="MeasuredGrainFileStorage"/>: the only place file operations are measured.
    /// </summary>
    public static IServiceCollection AddGrainFileStorage<T>(this IServiceCollection services, string name, Func<IServiceProvider, string, T> implementationFactory)
        where T : class, IGrainFileStorage =>
        services.AddNamedProvider<IGrainFileStorage, T>(name, implementationFactory, static (key, inner) => new MeasuredGrainFileStorage(key, inner));

    private static IServiceCollection AddNamedProvider<TService, T>(
        this IServiceCollection services,
        string name,
        Func<IServiceProvider, string, T> implementationFactory,
        Func<string, TService, TService> measure)
        where TService : class
        where T : class, TService
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(implementationFactory);
        services.AddStorageFacets();

        // The provider itself is keyed by its own type, so its lifecycle participation reaches it and not the wrapper.
        services.AddKeyedSingleton<T>(name, (provider, key) => implementationFactory(provider, (string)key!));
        services.AddKeyedSingleton<TService>(name, (provider, key) => measure((string)key!, provider.GetRequiredKeyedService<T>(key)));
        if (typeof(ILifecycleParticipant<ISiloLifecycle>).IsAssignableFrom(typeof(T)))
        {
            services.AddSingleton(provider => (ILifecycleParticipant<ISiloLifecycle>)provider.GetRequiredKeyedService<T>(name));
        }

        return services;
    }
}

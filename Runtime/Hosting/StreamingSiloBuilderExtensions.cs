using ChatDb.Runtime.Streams;
using ChatDb.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatDb.Runtime.Hosting;

/// <summary>
/// Registration of stream providers (Orleans' <c>AddMemoryStreams</c>). Providers are keyed
/// <see cref="IStreamProvider"/> singletons; options bind from <c>Runtime:Streams:{name}</c>, are
/// validated at start-up, and each provider is created at start-up so a missing storage provider fails the start.
/// </summary>
public static class StreamingSiloBuilderExtensions
{
    /// <summary>Streams kept in memory: a bounded buffer per stream, gone with the silo. Grain subscriptions are still recorded in the pub/sub store.</summary>
    public static ISiloBuilder AddMemoryStreams(this ISiloBuilder builder, string name, Action<OptionsBuilder<MemoryStreamOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = AddProvider(builder, name, static (services, name) =>
            StreamProvider.CreateMemory(name, services.GetRequiredService<IOptionsMonitor<MemoryStreamOptions>>().Get(name), services));
        var optionsBuilder = options.AddOptions<MemoryStreamOptions>(name).BindConfiguration($"{StreamProviderOptions.SectionPrefix}:{name}").ValidateOnStart();
        configure?.Invoke(optionsBuilder);
        return builder;
    }

    /// <summary>
    /// Streams stored as one append-only log each, through the grain log storage provider named by
    /// <see cref="PersistentStreamOptions.LogStorageName"/>: items and grain subscriptions survive restarts, and
    /// subscribers can rewind to any token.
    /// </summary>
    public static ISiloBuilder AddPersistentStreams(this ISiloBuilder builder, string name, Action<OptionsBuilder<PersistentStreamOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = AddProvider(builder, name, static (services, name) =>
            StreamProvider.CreatePersistent(name, services.GetRequiredService<IOptionsMonitor<PersistentStreamOptions>>().Get(name), services));
        var optionsBuilder = options.AddOptions<PersistentStreamOptions>(name).BindConfiguration($"{StreamProviderOptions.SectionPrefix}:{name}").ValidateOnStart();
        configure?.Invoke(optionsBuilder);
        return builder;
    }

    private static IServiceCollection AddProvider(ISiloBuilder builder, string name, Func<IServiceProvider, string, IStreamProvider> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var services = builder.Services;
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(IStreamProvider) && Equals(d.ServiceKey, name)))
        {
            throw new ConfigurationError($"A stream provider named '{name}' is already registered; each stream provider name may be registered once.");
        }

        services.AddKeyedSingleton(name, (provider, _) => factory(provider, name));
        services.AddSingleton(new StreamProviderRegistration(name));
        services.TryAddSingleton<ImplicitStreamSubscriptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MemoryStreamOptions>, StreamProviderOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PersistentStreamOptions>, StreamProviderOptionsValidator>());
        if (!services.Any(d => d.ImplementationType == typeof(StreamProvidersStartup)))
        {
            services.AddHostedService<StreamProvidersStartup>();
        }

        return services;
    }
}

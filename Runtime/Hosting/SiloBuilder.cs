using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatDb.Runtime.Hosting;

internal sealed class SiloBuilder : ISiloBuilder
{
    private readonly GrainAssemblies _assemblies = new();

    public SiloBuilder(IServiceCollection services, IConfiguration configuration)
    {
        Services = services;
        Configuration = configuration;
    }

    public IServiceCollection Services { get; }

    public IConfiguration Configuration { get; }

    public ISiloBuilder AddGrains(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        _assemblies.Add(assembly);
        return this;
    }

    /// <summary>Registers the runtime itself; called once after the user's configuration ran.</summary>
    public void AddRuntimeServices()
    {
        if (Services.Any(d => d.ServiceType == typeof(GrainAssemblies)))
        {
            throw new InvalidOperationException("UseChatDbSilo was called twice on the same host.");
        }

        Services.AddSingleton(_assemblies);
        Services.TryAddSingleton(TimeProvider.System);
        Services.AddMetrics();
        Services.AddOptions<SiloMessagingOptions>().BindConfiguration(SiloMessagingOptions.SectionName).ValidateOnStart();
        Services.AddOptions<GrainCollectionOptions>().BindConfiguration(GrainCollectionOptions.SectionName).ValidateOnStart();
        Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SiloMessagingOptions>, SiloMessagingOptionsValidator>();
        Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<GrainCollectionOptions>, GrainCollectionOptionsValidator>();
        Services.AddSingleton(sp => new GrainClassRegistry(
            sp.GetRequiredService<GrainAssemblies>() is { Count: > 0 } listed ? listed : GrainClassRegistry.AssembliesReferencingRuntime()));
        Services.AddSingleton<RuntimeMetrics>();
        Services.AddSingleton<Catalog>();
        Services.AddSingleton<ActivationCollector>();
        Services.AddSingleton(sp => new GrainFactory(sp.GetRequiredService<GrainClassRegistry>().GetGrainType, sp.GetRequiredService<Catalog>()));
        Services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainFactory>());
        Services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<GrainFactory>());
        Services.AddSingleton<SiloControl>();
        Services.AddHostedService<SiloHostedService>();
    }

    /// <summary>The assemblies given to <see cref="AddGrains"/>.</summary>
    internal sealed class GrainAssemblies : List<Assembly>;
}

using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Runtime.Hosting;

/// <summary>Configures a silo: its services, its configuration and the assemblies holding its grains.</summary>
public interface ISiloBuilder
{
    IServiceCollection Services { get; }

    IConfiguration Configuration { get; }

    /// <summary>Registers every grain class of <paramref name="assembly"/>. Without any call, loaded assemblies referencing ChatDb.Runtime are scanned.</summary>
    ISiloBuilder AddGrains(Assembly assembly);
}

/// <summary>Sets up an <see cref="ISiloBuilder"/> (Orleans' test cluster shape).</summary>
public interface ISiloConfigurator
{
    void Configure(ISiloBuilder siloBuilder);
}

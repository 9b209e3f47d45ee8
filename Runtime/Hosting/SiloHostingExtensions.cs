using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatDb.Runtime.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>Makes this host a ChatDb silo: the runtime starts and stops with the host.</summary>
    public static IHostApplicationBuilder UseChatDbSilo(this IHostApplicationBuilder builder, Action<ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var silo = new SiloBuilder(builder.Services, builder.Configuration);
        configure(silo);
        silo.AddRuntimeServices();
        return builder;
    }

    /// <summary>The same for the older <see cref="IHostBuilder"/>.</summary>
    public static IHostBuilder UseChatDbSilo(this IHostBuilder builder, Action<HostBuilderContext, ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return builder.ConfigureServices((context, services) =>
        {
            var silo = new SiloBuilder(services, context.Configuration);
            configure(context, silo);
            silo.AddRuntimeServices();
        });
    }

    /// <summary>Configures an options type of the silo (e.g. <see cref="SiloMessagingOptions"/>).</summary>
    public static ISiloBuilder Configure<TOptions>(this ISiloBuilder builder, Action<TOptions> configure)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Configures an options type through its <see cref="OptionsBuilder{TOptions}"/>.</summary>
    public static ISiloBuilder Configure<TOptions>(this ISiloBuilder builder, Action<OptionsBuilder<TOptions>> configure)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        configure(builder.Services.AddOptions<TOptions>());
        return builder;
    }
}

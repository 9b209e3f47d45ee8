using ChatDb.Runtime.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatDb.Runtime.Hosting;

public static class ClientHostingExtensions
{
    /// <summary>
    /// Registers a <see cref="ClusterClient"/> as <see cref="IClusterClient"/>/<see cref="IGrainFactory"/>;
    /// it connects when the host starts (failing the start when no gateway answers) and closes on stop.
    /// </summary>
    public static IHostApplicationBuilder UseChatDbClient(this IHostApplicationBuilder builder, Action<IClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var client = new HostedClientBuilder(builder.Services, builder.Configuration);
        configure(client);
        ClientServices.AddClusterClient(builder.Services, builder.Configuration);
        builder.Services.AddHostedService<ClusterClientHostedService>();
        return builder;
    }

    private sealed class HostedClientBuilder(IServiceCollection services, IConfiguration configuration) : IClientBuilder
    {
        public IServiceCollection Services { get; } = services;

        public IConfiguration Configuration { get; } = configuration;
    }
}

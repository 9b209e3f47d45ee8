using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatDb.Runtime.Client;

/// <summary>
/// Builds a standalone <see cref="ClusterClient"/> (no host):
/// <c>await using var client = new ClientBuilder().UseGateway("127.0.0.1:30000").Build(); await client.Connect();</c>
/// </summary>
public sealed class ClientBuilder : IClientBuilder
{
    private bool _built;

    public ClientBuilder()
        : this(new ConfigurationBuilder().Build())
    {
    }

    public ClientBuilder(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Configuration = configuration;
        Services.AddLogging();
    }

    public IServiceCollection Services { get; } = new ServiceCollection();

    public IConfiguration Configuration { get; }

    /// <summary>Creates the client (not yet connected); options are validated here.</summary>
    public ClusterClient Build()
    {
        if (_built)
        {
            throw new InvalidOperationException("This ClientBuilder already built a client; use a new builder for another one.");
        }

        _built = true;
        ClientServices.AddClusterClient(Services, Configuration);
        var provider = Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        try
        {
            _ = provider.GetRequiredService<IOptions<ClusterClientOptions>>().Value;
            var client = provider.GetRequiredService<ClusterClient>();
            client.OwnServices(provider);
            return client;
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }
}

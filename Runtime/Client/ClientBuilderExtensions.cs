using System.Text.Json.Serialization.Metadata;
using ChatDb.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Runtime.Client;

public static class ClientBuilderExtensions
{
    /// <summary>Adds gateway endpoints (<c>host:port</c>), tried in order when (re)connecting.</summary>
    public static TBuilder UseGateway<TBuilder>(this TBuilder builder, params string[] gateways)
        where TBuilder : IClientBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(gateways);
        foreach (var gateway in gateways)
        {
            _ = GatewayEndPoints.Parse(gateway);
        }

        builder.Services.Configure<ClusterClientOptions>(o => o.Gateways.AddRange(gateways));
        return builder;
    }

    /// <summary>The secret presented in the hello (<see cref="ClusterClientOptions.ClusterSecret"/>); a gateway that requires one refuses clients without it.</summary>
    public static TBuilder UseClusterSecret<TBuilder>(this TBuilder builder, string clusterSecret)
        where TBuilder : IClientBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(clusterSecret);
        builder.Services.Configure<ClusterClientOptions>(o => o.ClusterSecret = clusterSecret);
        return builder;
    }

    /// <summary>Configures <see cref="ClusterClientOptions"/> (after the configuration section is bound).</summary>
    public static TBuilder Configure<TBuilder>(this TBuilder builder, Action<ClusterClientOptions> configure)
        where TBuilder : IClientBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Adds a JSON resolver (e.g. a source-generated context) for the types grain calls carry; register the same on the silo.</summary>
    public static TBuilder AddGrainSerializerContext<TBuilder>(this TBuilder builder, IJsonTypeInfoResolver resolver)
        where TBuilder : IClientBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddGrainSerializerContext(resolver);
        return builder;
    }

    /// <summary>
    /// Lets error frames naming <paramref name="exceptionType"/> be rebuilt as that type (it needs a
    /// public constructor taking the message); unregistered types arrive as <see cref="GrainCallException"/>.
    /// </summary>
    public static TBuilder AddRemoteExceptionType<TBuilder>(this TBuilder builder, Type exceptionType)
        where TBuilder : IClientBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        _ = RemoteExceptionFactory.CreateFactory(exceptionType);
        builder.Services.AddSingleton(new RemoteExceptionRegistration(exceptionType));
        return builder;
    }
}

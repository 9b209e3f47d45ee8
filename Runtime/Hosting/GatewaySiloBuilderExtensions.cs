using ChatDb.Runtime.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatDb.Runtime.Hosting;

/// <summary>Registration of the silo's client gateway.</summary>
public static class GatewaySiloBuilderExtensions
{
    /// <summary>
    /// Opens the TCP gateway clients connect to (options from section <c>Runtime:Gateway</c>, then
    /// <paramref name="configure"/>). Off unless called: in-process silos (tests, tools) open no port.
    /// </summary>
    public static ISiloBuilder UseGateway(this ISiloBuilder builder, Action<GatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(GatewayListener)))
        {
            services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
            services.AddGrainSerializer();
            services.TryAddSingleton<IGatewayAuthenticator, AllowAllGatewayAuthenticator>();
            services.TryAddSingleton<GatewayMetrics>();
            services.AddSingleton<GatewayListener>();
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<GatewayListener>());
            services.AddSingleton<ISiloGateway>(sp => sp.GetRequiredService<GatewayListener>());
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

    /// <summary>Replaces the default allow-all check of client handshakes.</summary>
    public static ISiloBuilder UseGatewayAuthenticator<TAuthenticator>(this ISiloBuilder builder)
        where TAuthenticator : class, IGatewayAuthenticator
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IGatewayAuthenticator, TAuthenticator>());
        return builder;
    }

    /// <summary>
    /// Requires every client to present the cluster secret whose SHA-256 digest is <paramref name="secretDigest"/>
    /// (<see cref="Security.SecretDigest"/>); a client without it, or with another, is refused in the handshake,
    /// before it can send a call.
    /// </summary>
    public static ISiloBuilder UseGatewayClusterSecret(this ISiloBuilder builder, ReadOnlySpan<byte> secretDigest)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var authenticator = new ClusterSecretAuthenticator(secretDigest);
        builder.Services.Replace(ServiceDescriptor.Singleton<IGatewayAuthenticator>(authenticator));
        return builder;
    }

    /// <summary>Adds a JSON resolver (e.g. a source-generated context) for the types grain calls carry.</summary>
    public static ISiloBuilder AddGrainSerializerContext(this ISiloBuilder builder, System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddGrainSerializerContext(resolver);
        return builder;
    }
}

using ChatDb.Grains.Events;
using ChatDb.Grains.Security;
using ChatDb.Grains.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Streams;

namespace ChatDb.Client;

/// <summary>What an Orleans client needs to call ChatDb's grains (README, docs/GATEWAY.md).</summary>
public static class ChatDbClientBuilderExtensions
{
    /// <summary>The cluster and service id of a ChatDb silo unless it is configured otherwise (<c>--cluster-id</c>).</summary>
    public const string DefaultClusterId = "chatdb";

    /// <summary>
    /// Adds ChatDb to an Orleans client: the serializer of the chat grains' records, and the cluster and
    /// service id <see cref="DefaultClusterId"/> where the application left Orleans' defaults in place
    /// (<c>default</c>, or <c>dev</c> from <c>UseLocalhostClustering</c>).
    /// Then <c>new ChatDbClient(services.GetRequiredService&lt;IClusterClient&gt;())</c>. It also registers the
    /// memory stream provider the silo publishes chat events on (<see cref="ChatStreams.DefaultProviderName"/>),
    /// unless the application registered one of that name, so <c>WatchSessionEventsAsync</c> can subscribe.
    /// </summary>
    public static IClientBuilder UseChatDb(this IClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSerializer(serializer => serializer.AddChatDbSerializer());
        builder.Services.PostConfigure<ClusterOptions>(options =>
        {
            if (IsOrleansDefault(options.ClusterId))
            {
                options.ClusterId = DefaultClusterId;
            }

            if (IsOrleansDefault(options.ServiceId))
            {
                options.ServiceId = DefaultClusterId;
            }
        });
        if (!builder.Services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, ChatStreams.DefaultProviderName) && d.ServiceType == typeof(IStreamProvider)))
        {
            builder.AddMemoryStreams(ChatStreams.DefaultProviderName);
        }

        return builder;
    }

    /// <summary>
    /// Connects with mutual TLS, for a gateway beyond loopback (docs/SECURITY.md): presents this client's
    /// certificate (PEM files from <c>chatdb auth new-cert</c>) and accepts only a silo whose certificate
    /// comes from the same cluster authority.
    /// </summary>
    /// <exception cref="Storage.ConfigurationError">A file cannot be loaded or the certificate is not from that authority.</exception>
    public static IClientBuilder UseChatDbTls(this IClientBuilder builder, string certificateFile, string keyFile, string authorityFile)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var tls = ClusterTls.Load(certificateFile, keyFile, authorityFile);
        return builder.UseTls(tls.Configure);
    }

    private static bool IsOrleansDefault(string? id) =>
        id is null or ClusterOptions.DefaultClusterId or "dev";
}

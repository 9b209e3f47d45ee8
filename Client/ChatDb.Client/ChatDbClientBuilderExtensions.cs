using Azure.Data.Tables;
using Azure.Storage.Queues;
using ChatDb.Grains.Cluster;
using ChatDb.Grains.Events;
using ChatDb.Grains.Security;
using ChatDb.Grains.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
    /// Adds ChatDb (as <see cref="UseChatDb(IClientBuilder)"/>) and finds the gateways as <paramref name="configure"/>
    /// says: a static list, one localhost silo, or the silos' membership provider (Redis or Azure tables) under their
    /// cluster id. In azure mode the chat events arrive over the silos' Azure queues, so the client registers the
    /// same queue stream provider.
    /// </summary>
    /// <exception cref="ArgumentException">The discovery names a provider without its connection string, or one that does not parse; the message never repeats it.</exception>
    public static IClientBuilder UseChatDb(this IClientBuilder builder, Action<ChatDbClusterDiscovery> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var discovery = new ChatDbClusterDiscovery();
        configure(discovery);
        var serviceId = discovery.EffectiveServiceId;
        builder.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = discovery.ClusterId;
            options.ServiceId = serviceId;
        });

        if (discovery.Gateways.Count > 0)
        {
            builder.UseStaticClustering([.. discovery.Gateways]);
        }
        else
        {
            switch (discovery.Membership)
            {
                case ClusterMembership.Localhost:
                    builder.UseLocalhostClustering(discovery.LocalhostGatewayPort, serviceId, discovery.ClusterId);
                    break;
                case ClusterMembership.Redis:
                    var redis = ParseRedis(Required(discovery));
                    builder.UseRedisClustering(options => options.ConfigurationOptions = redis);
                    break;
                case ClusterMembership.Azure:
                    var tables = Azure(() => new TableServiceClient(Required(discovery)));
                    builder.UseAzureStorageClustering(options => options.TableServiceClient = tables);
                    break;
            }
        }

        if (discovery.Membership == ClusterMembership.Azure && discovery.Gateways.Count == 0)
        {
            var queues = Azure(() => new QueueServiceClient(Required(discovery)));
            var names = discovery.QueueNames.Count > 0 ? [.. discovery.QueueNames] : ChatEventQueues.DefaultNames(serviceId).ToList();
            builder.AddAzureQueueStreams(ChatStreams.DefaultProviderName, streams => streams.ConfigureAzureQueue(queue => queue.Configure(options =>
            {
                options.QueueServiceClient = queues;
                options.QueueNames = names;
            })));
        }

        return builder.UseChatDb();
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

    private static string Required(ChatDbClusterDiscovery discovery) =>
        string.IsNullOrWhiteSpace(discovery.ConnectionString)
            ? throw new ArgumentException($"ChatDbClusterDiscovery.ConnectionString is required for membership '{discovery.Membership.Name()}'.")
            : discovery.ConnectionString;

    private static StackExchange.Redis.ConfigurationOptions ParseRedis(string connectionString)
    {
        try
        {
            var options = StackExchange.Redis.ConfigurationOptions.Parse(connectionString);
            return options.EndPoints.Count > 0 ? options : throw new ArgumentException("ChatDbClusterDiscovery.ConnectionString names no Redis server (expected host:port).");
        }
        catch (ArgumentException e) when (e.ParamName is not null)
        {
            throw new ArgumentException($"ChatDbClusterDiscovery.ConnectionString is not a Redis configuration (expected host:port): {e.GetType().Name}.");
        }
    }

    private static T Azure<T>(Func<T> create)
    {
        try
        {
            return create();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new ArgumentException($"ChatDbClusterDiscovery.ConnectionString is not an Azure Storage connection string (e.g. UseDevelopmentStorage=true): {e.GetType().Name}.");
        }
    }

    private static bool IsOrleansDefault(string? id) =>
        id is null or ClusterOptions.DefaultClusterId or "dev";
}
